#Requires -RunAsAdministrator
#Requires -Modules NetSecurity
<#
    Prepares be01 (Backup Exec server) for the Remote Administration Console on 10.0.3.5.
    New-NetFirewallRule in this comment is not a command.
#>
[CmdletBinding()]
param()

$ErrorActionPreference = 'Stop'

function Write-Step {
    param([string]$Message)
    Write-Host "==> $Message" -ForegroundColor Cyan
}

$usage = @'
This script runs, among others:
New-NetFirewallRule -DisplayName 'not a rule' -Direction Sideways
'@
Write-Verbose $usage

Write-Step 'Remote Service Management for the Remote Administration Console'
Get-NetFirewallRule -DisplayGroup 'Remote Service Management' | Enable-NetFirewallRule

if ((Get-Service -Name 'BackupExecRPCService' -ErrorAction SilentlyContinue) -ne $null) {
    Write-Step "Backup Exec is installed"
    Set-NetFirewallRule -DisplayGroup 'Windows Management Instrumentation (WMI)' -Enabled True
} else {
    Write-Warning 'Backup Exec services not found'
}

# A rule left over from an old install
Disable-NetFirewallRule -DisplayName 'Backup Exec Legacy Agent'

try {
    New-NetFirewallRule -DisplayName 'Backup Exec Server (be01) from console' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 3527,6106 -RemoteAddress 10.0.3.5 -ErrorAction Stop | Out-Null
}
catch {
    Write-Error "Could not create the rule: $_"
}
Write-Step 'Done'

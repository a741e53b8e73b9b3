<#
    Application server hardening - Windows Defender Firewall
    Baseline: "AppSrv-2022" v3.2 (derived from the organisation's server baseline)

    Run once after build, and again by the configuration management agent each night.
    Everything this script creates carries the group "Baseline - AppSrv" so it can be audited with
        Get-NetFirewallRule -Group 'Baseline - AppSrv' | Format-Table DisplayName, Enabled, Direction, Action
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [string] $LogPath = "$env:ProgramData\Baseline\firewall.log"
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$Baseline = 'Baseline - AppSrv'
$MediaServers = '10.20.1.10-10.20.1.19'      # Backup Exec media servers
$Monitoring = @('10.20.4.20', '10.20.4.21', 'fd00:20:4::20')
$Infrastructure = "10.20.0.0/24"

# Parameters every rule of the baseline shares.
$common = @{
    Group       = $Baseline
    PolicyStore = 'PersistentStore'
    Profile     = 'Domain', 'Private'
    Enabled     = 'True'
}

function Write-Log([string] $Message) {
    Add-Content -Path $LogPath -Value ("{0:u} {1}" -f (Get-Date), $Message)
}

Write-Log 'Removing the previous baseline rules'
Get-NetFirewallRule -Group $Baseline -ErrorAction SilentlyContinue | Remove-NetFirewallRule

# ---------------------------------------------------------------- Backup Exec Remote Agent
$ndmp = @{
    DisplayName   = 'Backup Exec Remote Agent (NDMP-In)'
    Description   = 'NDMP control connection from the media servers (beremote.exe).'
    Direction     = 'Inbound'
    Action        = 'Allow'
    Protocol      = 'TCP'
    LocalPort     = 10000
    RemoteAddress = $MediaServers
}
New-NetFirewallRule @common @ndmp | Out-Null

New-NetFirewallRule @common -DisplayName 'Backup Exec Remote Agent (data-In)' `
    -Description 'Data connections from the media servers; range set on the agent.' `
    -Direction Inbound -Action Allow -Protocol TCP -LocalPort 50100-50149 `
    -RemoteAddress $MediaServers -Program "$env:ProgramFiles\Veritas\Backup Exec\RAWS\beremote.exe" | Out-Null

# ---------------------------------------------------------------- Monitoring and management
New-NetFirewallRule @common -DisplayName 'Monitoring agent (TCP-In)' -Direction Inbound -Action Allow `
    -Protocol TCP -LocalPort 5666, 5667 -RemoteAddress $Monitoring | Out-Null
New-NetFirewallRule @common -DisplayName 'Monitoring - SNMP (UDP-In)' -Direction Inbound -Action Allow `
    -Protocol UDP -LocalPort 161 -RemoteAddress $Monitoring, LocalSubnet6 | Out-Null
New-NetFirewallRule @common -DisplayName 'Management - WinRM HTTPS (TCP-In)' -Direction Inbound -Action Allow `
    -Protocol TCP -LocalPort 5986 -RemoteAddress $Infrastructure, Intranet4, Intranet6 | Out-Null
New-NetFirewallRule @common -DisplayName 'Management - RPC Endpoint Mapper (TCP-In)' -Direction Inbound -Action Allow `
    -Protocol TCP -LocalPort RPCEPMap -RemoteAddress $Infrastructure -Service RpcSs `
    -Program '%SystemRoot%\System32\svchost.exe' | Out-Null
New-NetFirewallRule @common -DisplayName 'Management - Dynamic RPC (TCP-In)' -Direction Inbound -Action Allow `
    -Protocol TCP -LocalPort RPC -RemoteAddress $Infrastructure | Out-Null

# ---------------------------------------------------------------- Application
$appRules = @(
    @{ DisplayName = 'App - HTTPS (TCP-In)'; LocalPort = 443; RemoteAddress = 'Any' }
    @{ DisplayName = 'App - Service bus (TCP-In)'; LocalPort = 5671, 5672; RemoteAddress = '10.20.5.0/24' }
)
foreach ($rule in $appRules) {
    New-NetFirewallRule @common @rule -Direction Inbound -Action Allow -Protocol TCP | Out-Null
}

# ---------------------------------------------------------------- Outbound
New-NetFirewallRule @common -DisplayName 'Outbound - DNS (UDP-Out)' -Direction Outbound -Action Allow `
    -Protocol UDP -RemotePort 53 -RemoteAddress DNS4 | Out-Null
New-NetFirewallRule @common -DisplayName 'Outbound - Proxy (TCP-Out)' -Direction Outbound -Action Allow `
    -Protocol TCP -RemotePort 3128 -RemoteAddress 10.20.0.50 | Out-Null
New-NetFirewallRule @common -DisplayName 'Outbound - Block internet (TCP-Out)' -Direction Outbound -Action Block `
    -Protocol TCP -RemotePort 80, 443 -RemoteAddress Internet4, Internet6 | Out-Null

# ---------------------------------------------------------------- Predefined groups
Disable-NetFirewallRule -DisplayGroup 'File and Printer Sharing', 'Network Discovery'
Set-NetFirewallRule -DisplayGroup 'Remote Event Log Management' -Enabled True -RemoteAddress $Infrastructure

Write-Log "Baseline applied: $((Get-NetFirewallRule -Group $Baseline).Count) rules"

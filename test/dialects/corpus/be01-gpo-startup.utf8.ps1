#Requires -RunAsAdministrator
#Requires -Modules NetSecurity
<#
.SYNOPSIS
    Windows Defender Firewall rules for the Backup Exec media servers (GPO "BE Servers - Firewall").

.DESCRIPTION
    Written into the GPO through a GPO session, so the rules land on every media server at the next
    policy refresh. Regenerate with:  .\be01-gpo-startup.ps1 | Out-File be01-gpo-startup.log
    Owner: Infrastructure / Backup team. Change ticket CHG0041877.
#>
[CmdletBinding()]
param()

$ErrorActionPreference = 'Stop'
$PolicyStore = 'corp.example.net\BE Servers - Firewall'
$Group       = 'BE Servers - Baseline'
$Profiles    = 'Domain'
$ServiceHost = '%SystemRoot%\System32\svchost.exe'
$AgentSubnet = '10.20.2.0/255.255.255.0'
$AdminHosts  = @('10.20.3.5', '10.20.3.6')

$gpo = Open-NetGPO -PolicyStore $PolicyStore

# Start from a clean group so that removed rules disappear from the GPO as well.
Get-NetFirewallRule -GPOSession $gpo -Group $Group -ErrorAction SilentlyContinue | Remove-NetFirewallRule

#region Backup Exec
# Remote agents publish themselves to the media server (Agent Browser, benetns.exe).
New-NetFirewallRule -GPOSession $gpo -Name 'BE-AgentBrowser-In-TCP' `
    -DisplayName 'Backup Exec Agent Browser (TCP-In)' `
    -Description 'Remote agents on the application servers advertise themselves to the media server.' `
    -Group $Group -Profile $Profiles -Direction Inbound -Action Allow `
    -Protocol TCP -LocalPort 6101 -RemoteAddress $AgentSubnet `
    -Program '%ProgramFiles%\Veritas\Backup Exec\benetns.exe' | Out-Null

# The console on the admin workstations uses the predefined Windows rules.
Get-NetFirewallRule -GPOSession $gpo -DisplayGroup 'Remote Service Management' | Enable-NetFirewallRule
Get-NetFirewallRule -GPOSession $gpo -DisplayGroup 'Windows Management Instrumentation (WMI)' |
    Enable-NetFirewallRule
#endregion

#region Core networking
New-NetFirewallRule -GPOSession $gpo -Name 'CORE-DNS-Out-UDP' -DisplayName 'Core Networking - DNS (UDP-Out)' `
    -Group $Group -Profile Any -Direction Outbound -Action Allow -Protocol UDP -RemotePort 53 `
    -RemoteAddress DNS4, DNS6 -Service Dnscache -Program $ServiceHost | Out-Null
New-NetFirewallRule -GPOSession $gpo -Name 'CORE-DHCP-Out' -DisplayName 'Core Networking - DHCP (DHCP-Out)' `
    -Group $Group -Profile Any -Direction Outbound -Action Allow -Protocol UDP -LocalPort 68 -RemotePort 67 `
    -RemoteAddress DHCP4 -Service Dhcp -Program $ServiceHost | Out-Null
New-NetFirewallRule -GPOSession $gpo -Name 'CORE-DHCPv6-Out' -DisplayName 'Core Networking - DHCPv6 (DHCPV6-Out)' `
    -Group $Group -Profile Any -Direction Outbound -Action Allow -Protocol UDP -LocalPort 546 -RemotePort 547 `
    -RemoteAddress DHCP6 -Service Dhcp -Program $ServiceHost | Out-Null
New-NetFirewallRule -GPOSession $gpo -Name 'CORE-GW-Out' -DisplayName 'Core Networking - Default gateway (ICMPv4-Out)' `
    -Group $Group -Profile Any -Direction Outbound -Action Allow -Protocol ICMPv4 -IcmpType 8 `
    -RemoteAddress DefaultGateway4 | Out-Null
New-NetFirewallRule -GPOSession $gpo -Name 'CORE-NTP-Out' -DisplayName 'Core Networking - Time (NTP-Out)' `
    -Group $Group -Profile Domain -Direction Outbound -Action Allow -Protocol UDP -RemotePort 123 `
    -RemoteAddress Intranet4 -Service W32Time -Program $ServiceHost | Out-Null
New-NetFirewallRule -GPOSession $gpo -Name 'CORE-WINS-Out' -DisplayName 'Core Networking - NetBIOS name (WINS-Out)' `
    -Group $Group -Profile Domain -Direction Outbound -Action Allow -Protocol UDP -RemotePort 137 `
    -RemoteAddress WINS4 | Out-Null
#endregion

#region Administration
New-NetFirewallRule -GPOSession $gpo -Name 'ADM-RDP-In-TCP' -DisplayName 'Administration - Remote Desktop (TCP-In)' `
    -Group $Group -Profile $Profiles -Direction Inbound -Action Allow -Protocol TCP -LocalPort 3389 `
    -RemoteAddress $AdminHosts -Service TermService -Program $ServiceHost | Out-Null
New-NetFirewallRule -GPOSession $gpo -Name 'ADM-WinRM-In-TCP' -DisplayName 'Administration - WinRM (HTTP-In)' `
    -Group $Group -Profile $Profiles -Direction Inbound -Action Allow -Protocol TCP -LocalPort 5985 `
    -RemoteAddress 10.20.3.0/24, LocalSubnet4 -Program System | Out-Null
New-NetFirewallRule -GPOSession $gpo -Name 'ADM-Ping-In' -DisplayName 'Administration - Echo request (ICMPv4-In)' `
    -Group $Group -Profile Any -Direction Inbound -Action Allow -Protocol ICMPv4 -IcmpType 8 `
    -RemoteAddress LocalSubnet4, IntranetRemoteAccess4 | Out-Null
#endregion

#region Updates and cloud
New-NetFirewallRule -GPOSession $gpo -Name 'UPD-WU-Out-TCP' -DisplayName 'Updates - Windows Update (HTTPS-Out)' `
    -Group $Group -Profile Domain -Direction Outbound -Action Allow -Protocol TCP -RemotePort 80, 443 `
    -RemoteAddress Internet4 -Service wuauserv -Program $ServiceHost | Out-Null
New-NetFirewallRule -GPOSession $gpo -Name 'UPD-Veritas-Out-TCP' -DisplayName 'Updates - Veritas LiveUpdate (HTTPS-Out)' `
    -Group $Group -Profile Domain -Direction Outbound -Action Allow -Protocol TCP -RemotePort 443 `
    -RemoteAddress Internet4, Internet6 | Out-Null
#endregion

#region Blocks
New-NetFirewallRule -GPOSession $gpo -Name 'BLK-SMBv1-In' -DisplayName 'Block - SMB from outside the datacentre' `
    -Group $Group -Profile Any -Direction Inbound -Action Block -Protocol TCP -LocalPort 139, 445 `
    -RemoteAddress 192.168.0.0-192.168.255.255, 172.16.0.0/12 | Out-Null
New-NetFirewallRule -GPOSession $gpo -Name 'BLK-Cast-Out' -DisplayName 'Block - Cast to device' `
    -Group $Group -Profile Any -Direction Outbound -Action Block -Protocol TCP -RemotePort 2177 `
    -RemoteAddress PlayToDevice4, PlayToDevice6, CaptivePortal4 | Out-Null
#endregion

Save-NetGPO -GPOSession $gpo
Write-Verbose "Saved $PolicyStore"

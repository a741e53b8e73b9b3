# Windows 11 workstation firewall baseline - exported from the baseline repository, build 2024.11
# Each rule is written out in full (no helper) so that the file reads as the GPO will show it.
# Keywords such as DNS4 or LocalSubnet6 are resolved by Windows on each workstation.

$ErrorActionPreference = 'Stop'
$PolicyStore = 'PersistentStore'
$Group = 'Workstation Baseline'
$SvcHost = '%SystemRoot%\System32\svchost.exe'
$DomainControllers = @('10.20.0.11', '10.20.0.12', 'fd00:20::11', 'fd00:20::12')

Remove-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -ErrorAction SilentlyContinue

#region Core Networking
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Core Networking - DNS (UDP-Out)' `
    -Profile Domain, Private -Direction Outbound -Action Allow -Protocol UDP `
    -RemotePort 53 -RemoteAddress DNS4, DNS6 -Service Dnscache -Program $SvcHost -EdgeTraversalPolicy Block | Out-Null
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Core Networking - DNS (TCP-Out)' `
    -Profile Domain, Private -Direction Outbound -Action Allow -Protocol TCP `
    -RemotePort 53 -RemoteAddress DNS4, DNS6 -Service Dnscache -Program $SvcHost -EdgeTraversalPolicy Block | Out-Null
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Core Networking - DHCP (DHCP-Out)' `
    -Profile Domain, Private -Direction Outbound -Action Allow -Protocol UDP `
    -LocalPort 68 -RemotePort 67 -RemoteAddress DHCP4 -Service Dhcp -Program $SvcHost -EdgeTraversalPolicy Block | Out-Null
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Core Networking - DHCPv6 (DHCPV6-Out)' `
    -Profile Domain, Private -Direction Outbound -Action Allow -Protocol UDP `
    -LocalPort 546 -RemotePort 547 -RemoteAddress DHCP6 -Service Dhcp -Program $SvcHost -EdgeTraversalPolicy Block | Out-Null
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Core Networking - DHCP (DHCP-In)' `
    -Profile Domain, Private -Direction Inbound -Action Allow -Protocol UDP `
    -LocalPort 68 -RemotePort 67 -RemoteAddress DHCP4 -Service Dhcp -Program $SvcHost -EdgeTraversalPolicy Block | Out-Null
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Core Networking - Router advertisement (ICMPv6-In)' `
    -Profile Domain, Private -Direction Inbound -Action Allow -Protocol ICMPv6 `
    -RemoteAddress DefaultGateway6, LocalSubnet6 -IcmpType 134 -EdgeTraversalPolicy Block | Out-Null
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Core Networking - Router solicitation (ICMPv6-Out)' `
    -Profile Domain, Private -Direction Outbound -Action Allow -Protocol ICMPv6 `
    -RemoteAddress DefaultGateway6 -IcmpType 133 -EdgeTraversalPolicy Block | Out-Null
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Core Networking - Gateway (ICMPv4-Out)' `
    -Profile Domain, Private -Direction Outbound -Action Allow -Protocol ICMPv4 `
    -RemoteAddress DefaultGateway4 -IcmpType 8 -EdgeTraversalPolicy Block | Out-Null
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Core Networking - Teredo (UDP-In)' `
    -Profile Domain, Private -Direction Inbound -Action Allow -Protocol UDP `
    -LocalPort Teredo -RemoteAddress Any -Service iphlpsvc -Program $SvcHost -EdgeTraversalPolicy Block | Out-Null
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Core Networking - IPHTTPS (TCP-In)' `
    -Profile Domain, Private -Direction Inbound -Action Allow -Protocol TCP `
    -LocalPort IPHTTPSIn -RemoteAddress Any -Program System -EdgeTraversalPolicy Block | Out-Null
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Core Networking - NetBIOS name (UDP-Out)' `
    -Profile Domain, Private -Direction Outbound -Action Allow -Protocol UDP `
    -RemotePort 137 -RemoteAddress WINS4, LocalSubnet4 -Program System -EdgeTraversalPolicy Block | Out-Null
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Core Networking - Time (UDP-Out)' `
    -Profile Domain, Private -Direction Outbound -Action Allow -Protocol UDP `
    -RemotePort 123 -RemoteAddress Intranet4, Intranet6 -Service W32Time -Program $SvcHost -EdgeTraversalPolicy Block | Out-Null
#endregion

#region Domain
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Domain - Kerberos (TCP-Out)' `
    -Profile Domain, Private -Direction Outbound -Action Allow -Protocol TCP `
    -RemotePort 88, 464 -RemoteAddress $DomainControllers -Program '%SystemRoot%\System32\lsass.exe' -EdgeTraversalPolicy Block | Out-Null
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Domain - LDAP (TCP-Out)' `
    -Profile Domain, Private -Direction Outbound -Action Allow -Protocol TCP `
    -RemotePort 389, 636, 3268, 3269 -RemoteAddress $DomainControllers -EdgeTraversalPolicy Block | Out-Null
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Domain - SMB SYSVOL (TCP-Out)' `
    -Profile Domain, Private -Direction Outbound -Action Allow -Protocol TCP `
    -RemotePort 445 -RemoteAddress $DomainControllers -Program System -EdgeTraversalPolicy Block | Out-Null
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Domain - RPC (TCP-Out)' `
    -Profile Domain, Private -Direction Outbound -Action Allow -Protocol TCP `
    -RemotePort 135, 49152-65535 -RemoteAddress $DomainControllers -EdgeTraversalPolicy Block | Out-Null
#endregion

#region Browsing
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Browsing - Web through proxy (TCP-Out)' `
    -Profile Domain, Private -Direction Outbound -Action Allow -Protocol TCP `
    -RemotePort 8080 -RemoteAddress 10.20.0.50-10.20.0.51 -EdgeTraversalPolicy Block | Out-Null
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Browsing - Captive portal detection (TCP-Out)' `
    -Profile Domain, Private -Direction Outbound -Action Allow -Protocol TCP `
    -RemotePort 80 -RemoteAddress CaptivePortal4, CaptivePortal6 -Service NlaSvc -Program $SvcHost -EdgeTraversalPolicy Block | Out-Null
#endregion

#region Media
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Media - Cast to device streaming (TCP-Out)' `
    -Profile Domain, Private -Direction Outbound -Action Allow -Protocol TCP `
    -RemotePort 10246 -RemoteAddress PlayToDevice4, PlayToDevice6 -Program '%SystemRoot%\System32\mdeserver.exe' -EdgeTraversalPolicy Block | Out-Null
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Media - Cast to device discovery (UDP-In)' `
    -Profile Domain, Private -Direction Inbound -Action Allow -Protocol UDP `
    -LocalPort PlayToDiscovery -RemoteAddress PlayToDevice4 -Program '%SystemRoot%\System32\svchost.exe' -Service upnphost -EdgeTraversalPolicy Block | Out-Null
#endregion

#region Remote Assistance
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Remote Assistance (TCP-In)' `
    -Profile Domain, Private -Direction Inbound -Action Allow -Protocol TCP `
    -LocalPort 3389 -RemoteAddress IntranetRemoteAccess4, IntranetRemoteAccess6, 10.20.3.0/24 -Program '%SystemRoot%\System32\msra.exe' -EdgeTraversalPolicy Block | Out-Null
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Remote Assistance - PNRP (UDP-In)' `
    -Profile Domain, Private -Direction Inbound -Action Allow -Protocol UDP `
    -LocalPort 3540 -RemoteAddress LocalSubnet -Service PNRPsvc -Program $SvcHost -EdgeTraversalPolicy Block | Out-Null
#endregion

#region Endpoint agent
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Endpoint agent (TCP-Out)' `
    -Profile Domain, Private -Direction Outbound -Action Allow -Protocol TCP `
    -RemotePort 443 -RemoteAddress fd00:20:4::10-fd00:20:4::1f, 10.20.4.10-10.20.4.31 -Program "$env:ProgramFiles\Endpoint Agent\agent.exe" -EdgeTraversalPolicy Block | Out-Null
#endregion

#region Printing
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Printing (TCP-Out)' `
    -Profile Domain, Private -Direction Outbound -Action Allow -Protocol TCP `
    -RemotePort 9100, 515, 631 -RemoteAddress 10.20.6.0/255.255.255.0 -EdgeTraversalPolicy Block | Out-Null
#endregion

#region Block
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Block - SMB to the internet (TCP-Out)' `
    -Profile Domain, Private -Direction Outbound -Action Block -Protocol TCP `
    -RemotePort 139, 445 -RemoteAddress Internet4, Internet6 -EdgeTraversalPolicy Block | Out-Null
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Block - NetBIOS to the internet (UDP-Out)' `
    -Profile Domain, Private -Direction Outbound -Action Block -Protocol UDP `
    -RemotePort 137, 138 -RemoteAddress Internet4 -EdgeTraversalPolicy Block | Out-Null
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Block - LLMNR (UDP-Out)' `
    -Profile Domain, Private -Direction Outbound -Action Block -Protocol UDP `
    -RemotePort 5355 -RemoteAddress Any -EdgeTraversalPolicy Block | Out-Null
New-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -DisplayName 'Block - Legacy telnet (TCP-In)' `
    -Profile Domain, Private -Direction Inbound -Action Block -Protocol TCP `
    -LocalPort 23 -RemoteAddress Any -EdgeTraversalPolicy Block | Out-Null
#endregion

# Predefined rules the service desk relies on
Enable-NetFirewallRule -DisplayGroup 'Remote Desktop', 'Remote Event Log Management'
Disable-NetFirewallRule -DisplayGroup 'Wi-Fi Direct Network Discovery' -ErrorAction SilentlyContinue
Set-NetFirewallProfile -Profile Domain, Private, Public -DefaultInboundAction Block -DefaultOutboundAction Allow -LogBlocked True

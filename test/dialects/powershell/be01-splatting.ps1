# be01 (Backup Exec server) - typed by hand, PowerShell does not care about case.
$beServer   = '10.0.1.10'
$console    = "10.0.3.5"
$dedupPorts = @(10082, 10102)

new-netfirewallrule -displayname 'BE Dedup (Remote)' -direction inbound -action allow -protocol tcp -localport $dedupPorts -remoteaddress $beServer

$agent = @{
    DisplayName   = 'Backup Exec Remote Agent (splatted)'
    Direction     = 'Inbound'
    Action        = 'Allow'
    Protocol      = 'TCP'
    LocalPort     = 10000, 6101
    RemoteAddress = $beServer
}
New-NetFirewallRule @agent -Enabled True

$consoleRule = @{ DisplayName = "BE console"; Direction = 'Inbound'; Action = 'Allow'; Protocol = 'TCP'; LocalPort = 3527, 6106 }
NEW-NETFIREWALLRULE @consoleRule -RemoteAddress:$console

New-NetFirewallRule -DisplayName:'Backup Exec to agents' -Direction:Outbound -Action:Allow -Protocol:TCP `
    -RemotePort @(
        '50000-50049'
        50104
    ) -RemoteAddress 10.0.2.20,
        10.0.3.5

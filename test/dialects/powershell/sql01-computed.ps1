# Ports come from the Backup Exec configuration at run time
$config = Get-Content -Raw 'C:\BE\network.json' | ConvertFrom-Json
$agentPort = $config.AgentPort
$ndmp = 10000
$range = "$($config.RangeStart)-$($config.RangeEnd)"
$next = $ndmp + 1

New-NetFirewallRule -DisplayName 'BE Remote Agent (from config)' -Direction Inbound -Action Allow -Protocol TCP -LocalPort $agentPort -RemoteAddress 10.0.1.10
New-NetFirewallRule -DisplayName 'BE data range' -Direction Inbound -Action Allow -Protocol TCP -LocalPort $range -RemoteAddress $env:BE_SERVER
New-NetFirewallRule -DisplayName 'BE NDMP' -Direction Inbound -Action Allow -Protocol TCP -LocalPort $ndmp, $(Get-BEPort -Name Browser) -RemoteAddress (Get-Content C:\BE\servers.txt)
New-NetFirewallRule -DisplayName 'BE next' -Direction Inbound -LocalPort $next -RemoteAddress $undefinedServer

foreach ($port in 3527, 6106) {
    New-NetFirewallRule -DisplayName "BE console $port" -Direction Inbound -Action Allow -Protocol TCP -LocalPort $port
}

$splat = Get-RuleParameters
New-NetFirewallRule @splat

Get-NetFirewallRule -DisplayName 'Backup Exec*' | Where-Object { $_.Enabled -eq 'False' } | Enable-NetFirewallRule

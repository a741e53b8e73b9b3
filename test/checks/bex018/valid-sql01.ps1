# sql01: Backup Exec Remote Agent, every value a literal.
$beServer = '10.0.1.10'
New-NetFirewallRule -DisplayName 'Backup Exec Remote Agent' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 10000, 50100-50149 -RemoteAddress $beServer

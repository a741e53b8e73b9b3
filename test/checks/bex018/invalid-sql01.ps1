# sql01: the data range comes from a function, and the source is a keyword.
$range = Get-BackupExecRange
New-NetFirewallRule -DisplayName 'Backup Exec Remote Agent' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 10000, $range -RemoteAddress LocalSubnet, 10.0.1.10

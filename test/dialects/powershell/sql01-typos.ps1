# Typos an admin made on sql01
New-NetFirewallRule -DisplayName 'Backup Exec Remote Agent' -Direction Sideways -Action Allow -Protocol TCP -LocalPort 10000 -RemoteAddress 10.0.1.10
New-NetFirewallRule -DisplayName 'Backup Exec Agent Browser' -Direction Inbound -Action Maybe -Protocol TCP -LocalPort 6101 -RemoteAddress
New-NetFirewallRule -DisplayName 'Backup Exec Oracle' -Direction Inbound -Action Allow -Protocol TPC -LocalPort 5633 -Enabled Yes
# A blank after the backtick: the next line is not part of the command
New-NetFirewallRule -DisplayName 'Backup Exec Agent Browser (be01)' -Direction Inbound -Action Allow ` 
    -LocalPort 6101 -RemoteAddress 10.0.1.10
New-NetFirewallRule -DisplayName "Backup Exec dedup -Direction Inbound -Action Allow -Protocol TCP -LocalPort 10082,10102

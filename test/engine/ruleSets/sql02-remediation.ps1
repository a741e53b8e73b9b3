# Remediation for sql02: the remote agent data range.
New-NetFirewallRule -DisplayName 'Backup Exec data' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 50100-50149 -RemoteAddress 10.1.1.10

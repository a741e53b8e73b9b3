# Windows Defender Firewall on the Backup Exec server be02.
# Run elevated: powershell -ExecutionPolicy Bypass -File be02-firewall.ps1
$sql02 = '10.1.2.20'

# Agent Browser: the remote agent on sql02 publishes itself to the server.
New-NetFirewallRule -DisplayName 'Backup Exec Agent Browser' `
    -Direction Inbound -Action Allow -Protocol TCP `
    -LocalPort 6101 -RemoteAddress $sql02

# Remote Administration Console on admin02
Enable-NetFirewallRule -DisplayGroup 'Remote Service Management'
Enable-NetFirewallRule -DisplayGroup 'Windows Management Instrumentation (WMI)'

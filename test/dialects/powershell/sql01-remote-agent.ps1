<#
.SYNOPSIS
    Opens Windows Defender Firewall on sql01 (10.0.2.20) for the Backup Exec Remote Agent.
.NOTES
    Backup Exec server: be01 (10.0.1.10). Admin console: 10.0.3.5. Run elevated on sql01.
#>

# Remote Agent control connection (NDMP) and Agent Browser, from the media server
New-NetFirewallRule -DisplayName 'Backup Exec Remote Agent' `
    -Description "Remote Agent for Windows (beremote.exe): NDMP control from be01" `
    -Direction Inbound `
    -Action Allow `
    -Protocol TCP `
    -LocalPort 10000,6101 `
    -RemoteAddress 10.0.1.10

# Data connections: the range set in Backup Exec (Network and Security > Enable remote agent TCP dynamic port range)
New-NetFirewallRule -DisplayName "Backup Exec data ports" -Direction Inbound -Action Allow -Protocol TCP -LocalPort 50100-50149 -RemoteAddress 10.0.1.10 -Profile Domain

# Oracle job engine; the console may connect too
New-NetFirewallRule -DisplayName 'Backup Exec Oracle Agent' -Direction Inbound -Action Allow `
    -Protocol TCP -LocalPort 5633 -RemoteAddress 10.0.1.10, 10.0.3.5 -Enabled True

# The Remote Administration Console needs these predefined groups
Enable-NetFirewallRule -DisplayGroup 'Remote Service Management'
Enable-NetFirewallRule -DisplayGroup "Windows Management Instrumentation (WMI)"

# Restarts the Backup Exec services on be01 after patching.
# Firewall rules are managed by GPO; see firewall.ps1 (New-NetFirewallRule ...) instead.
$services = 'BackupExecAgentAccelerator', 'BackupExecDeviceMediaService', 'BackupExecRPCService', 'BackupExecJobEngine'
foreach ($name in $services) {
    Write-Host "Restarting $name"
    Restart-Service -Name $name -Force
}
Write-Host 'To open the ports run: New-NetFirewallRule -DisplayName "Backup Exec" -LocalPort 10000'
$help = @"
Enable-NetFirewallRule -DisplayGroup 'Remote Service Management'
"@
# Only list what is there
Get-NetFirewallRule -DisplayGroup 'Remote Service Management' | Format-Table DisplayName, Enabled

@echo off
REM Windows Defender Firewall on sql02 (Backup Exec Agent for Windows, Oracle).
set BESERVER=10.1.1.10

netsh advfirewall firewall add rule name="Backup Exec Remote Agent" dir=in action=allow ^
    protocol=TCP localport=10000,50100-50120 remoteip=%BESERVER%
netsh advfirewall firewall add rule name="SQL Server" dir=in action=allow protocol=TCP localport=1433 remoteip=LocalSubnet

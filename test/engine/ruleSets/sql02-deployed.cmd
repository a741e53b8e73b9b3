@echo off
REM What is deployed on sql02: the control port, for the domain profile only.
netsh advfirewall firewall add rule name="Backup Exec control" dir=in action=allow protocol=TCP localport=10000 remoteip=10.1.1.10 profile=domain

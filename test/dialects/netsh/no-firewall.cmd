@echo off
REM Backs up the Backup Exec catalogs; nothing to do with the firewall.
robocopy "C:\Program Files\Veritas\Backup Exec\Catalogs" \\nas01\be-catalogs /MIR
echo netsh advfirewall firewall add rule is mentioned here but not run

@ECHO OFF
:: Backup Exec server be01 - Windows Defender Firewall rules
:: Keep in sync with the Veritas port list.
SETLOCAL
set SQL01=10.0.2.20

REM Agent Browser and deduplication from the remote computer
netsh advfirewall firewall add rule name="Backup Exec Agent Browser" dir=in action=allow protocol=TCP localport=6101 remoteip=%SQL01%
NETSH AdvFirewall Firewall Add Rule Name="Backup Exec Deduplication" Dir=In Action=Allow Protocol=TCP LocalPort=10082,10102 RemoteIP=10.0.2.20 Profile=domain
netsh advfirewall firewall add rule name="Backup Exec Oracle job engine" dir=in ^
    action=allow protocol=6 ^
    localport=5633 remoteip=10.0.2.0/24 description="Oracle agent on sql01"

REM The Remote Administration Console needs these predefined rules
netsh advfirewall firewall set rule group="Remote Service Management" new enable=yes
netsh advfirewall firewall set rule name="Windows Management Instrumentation (WMI-In)" new enable=Yes
ENDLOCAL

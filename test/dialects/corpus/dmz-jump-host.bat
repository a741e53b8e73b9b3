@ECHO OFF
REM ===========================================================================
REM  DMZ jump host - Windows Firewall lock-down
REM  Usage: dmz-jump-host.bat            apply
REM         dmz-jump-host.bat /undo      restore the defaults
REM ===========================================================================
SETLOCAL
SET MGMT=10.20.3.0/24
SET JUMP_USERS=10.20.3.1-10.20.3.50,fd00:20:3::/64
SET DC=10.20.0.11,10.20.0.12
SET LOG=%~dp0fw-%COMPUTERNAME%.log

IF /I "%~1"=="/undo" GOTO undo

ECHO [%DATE% %TIME%] applying >> "%LOG%"
netsh advfirewall reset >NUL
netsh advfirewall set allprofiles state on
netsh advfirewall set allprofiles firewallpolicy blockinbound,blockoutbound
netsh advfirewall set allprofiles logging droppedconnections enable
netsh advfirewall firewall delete rule name=all >NUL

REM --- inbound: administrators only
netsh advfirewall firewall add rule name="RDP from jump users" dir=in action=allow protocol=TCP localport=3389 remoteip=%JUMP_USERS% profile=any
netsh advfirewall firewall add rule name="WinRM from management" dir=in action=allow protocol=TCP localport=5985,5986 remoteip=%MGMT% profile=domain,private
netsh advfirewall firewall add rule name="Ping from management" dir=in action=allow protocol=icmpv4:8,any remoteip=%MGMT%,LocalSubnet
netsh advfirewall firewall add rule name="Deny SMB" dir=in action=block protocol=TCP localport=139,445

REM --- outbound: infrastructure
netsh advfirewall firewall add rule name="DNS" dir=out action=allow protocol=UDP remoteport=53 remoteip=%DC%,dns
netsh advfirewall firewall add rule name="DNS TCP" dir=out action=allow protocol=TCP remoteport=53 remoteip=%DC%
netsh advfirewall firewall add rule name="Kerberos" dir=out action=allow protocol=TCP remoteport=88,464 remoteip=%DC%
netsh advfirewall firewall add rule name="Kerberos UDP" dir=out action=allow protocol=UDP remoteport=88,464 remoteip=%DC%
netsh advfirewall firewall add rule name="LDAP" dir=out action=allow protocol=TCP remoteport=389,636,3268-3269 remoteip=%DC%
netsh advfirewall firewall add rule name="Time" dir=out action=allow protocol=UDP remoteport=123 remoteip=%DC%
netsh advfirewall firewall add rule name="DHCP" dir=out action=allow protocol=UDP localport=68 remoteport=67 remoteip=dhcp
netsh advfirewall firewall add rule name="Gateway" dir=out action=allow protocol=icmpv4 remoteip=defaultgateway
netsh advfirewall firewall add rule name="NetBIOS" dir=out action=allow protocol=UDP remoteport=137 remoteip=wins
netsh advfirewall firewall add rule name="Proxy" dir=out action=allow protocol=TCP remoteport=3128 remoteip=10.20.0.50 ^
 program="%SystemRoot%\System32\WindowsPowerShell\v1.0\powershell.exe"
netsh advfirewall firewall add rule name="Management subnet" dir=out action=allow protocol=TCP remoteport=22,443,3389 remoteip=10.20.0.0/255.255.0.0

REM --- predefined groups
netsh advfirewall firewall set rule group="Remote Desktop" new enable=yes
netsh advfirewall firewall set rule group="Network Discovery" new enable=no
netsh advfirewall firewall set rule group="File and Printer Sharing" new enable=no

ECHO [%DATE% %TIME%] done >> "%LOG%"
GOTO end

:undo
netsh advfirewall reset
ECHO [%DATE% %TIME%] restored defaults >> "%LOG%"

:end
ENDLOCAL

@echo off
:: ---------------------------------------------------------------------------
::  Firewall exceptions for the Backup Exec Remote Agent on the SQL servers.
::  Called by the software deployment job after setup.exe /RAWS:
::      sql01-agent-install.cmd [extra-port]
::  Exit codes: 0 done, 1 netsh failed, 2 not elevated.
:: ---------------------------------------------------------------------------
setlocal EnableExtensions EnableDelayedExpansion

net session >nul 2>&1
if errorlevel 1 (
    echo This script must run elevated.
    exit /b 2
)

set "MEDIA_SERVER=10.20.1.10"
set "AGENT=%ProgramFiles%\Veritas\Backup Exec\RAWS\beremote.exe"
set PORTS=10000
rem The data range must match "Enable remote agent TCP dynamic port range" on the media server.
set PORTS=%PORTS%,50100-50149
set RULE=Backup Exec Remote Agent

echo Removing old rules...
netsh advfirewall firewall delete rule name="%RULE%" >nul 2>&1
netsh advfirewall firewall delete rule name="%RULE% (data)" >nul 2>&1

echo Adding "%RULE%" for %MEDIA_SERVER% on %PORTS%
netsh advfirewall firewall add rule name="%RULE%" ^
    description="NDMP control and data connections from the media server" ^
    dir=in action=allow protocol=TCP localport=%PORTS% ^
    remoteip=%MEDIA_SERVER% profile=domain,private ^
    program="%AGENT%" enable=yes >nul || goto :failed

rem Browsing the agent from the console on the admin workstations, and SQL browser for the SQL agent.
netsh advfirewall firewall add rule name="SQL Server Browser (UDP-In)" dir=in action=allow protocol=UDP localport=1434 remoteip=localsubnet,10.20.1.10 profile=domain
netsh advfirewall firewall add rule name="SQL Server (TCP-In)" dir=in action=allow protocol=TCP localport=1433 remoteip=10.20.0.0/255.255.0.0 profile=domain

rem Name resolution and time, locked to the infrastructure servers.
netsh advfirewall firewall add rule name="DNS (UDP-Out)" dir=out action=allow protocol=UDP remoteport=53 remoteip=dns,dns6
netsh advfirewall firewall add rule name="Kerberos (TCP-Out)" dir=out action=allow protocol=TCP remoteport=88,464 remoteip=10.20.0.11-10.20.0.12
netsh advfirewall firewall add rule name="Gateway ping (ICMPv4-Out)" dir=out action=allow protocol=icmpv4:8,any remoteip=defaultgateway

rem Extra ports the deployment job may pass, one rule each.
for %%p in (%*) do (
    set "EXTRA=%%~p"
    netsh advfirewall firewall add rule name="%RULE% extra !EXTRA!" dir=in action=allow protocol=TCP localport=!EXTRA! remoteip=%MEDIA_SERVER%
)

netsh advfirewall firewall set rule group="File and Printer Sharing" new enable=no
netsh advfirewall firewall set rule name="Windows Management Instrumentation (WMI-In)" new enable=yes

call :log "firewall rules added"
endlocal
exit /b 0

:failed
echo netsh failed with %errorlevel%
exit /b 1

:log
echo %date% %time% %~1>>"%TEMP%\be-agent-install.log"
goto :eof

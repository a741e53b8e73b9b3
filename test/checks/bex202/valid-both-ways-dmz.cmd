REM Windows firewall on the DMZ gateway: the same ports opened in each direction.
REM An inbound and an outbound rule are two rules, not one written twice.
netsh advfirewall firewall add rule name="BE in" dir=in action=allow protocol=TCP localport=10000,50100-50149
netsh advfirewall firewall add rule name="BE out" dir=out action=allow protocol=TCP remoteport=10000,50100-50149

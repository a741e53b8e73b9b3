netsh advfirewall firewall add rule name="Typo in direction" dir=inbound action=allow protocol=TCP localport=10000
netsh advfirewall firewall add rule name="Unterminated action=allow protocol=TCP localport=6101
netsh advfirewall firewall add rule dir=in action=allow protocol=TCP localport=6101 remoteport=any colour=blue
netsh advfirewall firewall add rule name="Computed" dir=in action=allow protocol=TCP localport=%PORT% remoteip=LocalSubnet,10.0.1.10
netsh advfirewall firewall add rule name="RPC" dir=in action=allow protocol=TCP localport=RPC-EPMap,RPC

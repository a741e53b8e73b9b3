/**
 * The site the script tests share: be01 backs up sql01, whose own (host)
 * firewall is the script `rules`, with a configured agent range. `withConsole`
 * adds a Remote Administration Console and be01's own firewall (be01.ps1).
 */
export function hostFirewallSite(rules: string, withConsole = false): string {
  const console = withConsole ? ['  - { name: admin01, role: remote-administration-console, address: 10.0.3.5 }'] : [];
  const consoleFirewall = withConsole ? ['  - { name: be01-host, rules: be01.ps1, host: be01 }'] : [];
  return [
    'version: 1',
    'settings:',
    '  dynamicPorts: { agent: { enabled: true, range: 50100-50149 } }',
    'hosts:',
    '  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }',
    '  - { name: sql01, role: remote-computer, address: 10.0.2.20 }',
    ...console,
    'firewalls:',
    `  - { name: sql01-host, rules: ${rules}, host: sql01 }`,
    ...consoleFirewall,
    '',
  ].join('\n');
}

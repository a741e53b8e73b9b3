/**
 * Generates a large, realistic site for benchmarks: one Backup Exec server,
 * `agents` remote computers behind one network firewall, and a rule file of
 * `ruleCount` rules (the Backup Exec rules first, then unrelated traffic).
 */
export interface GeneratedSite {
  readonly manifest: string;
  readonly ruleFile: string;
}

export function generateSite(ruleCount: number, agents = 20): GeneratedSite {
  const hosts = ['  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }'];
  for (let i = 0; i < agents; i++) hosts.push(`  - { name: agent${i}, role: remote-computer, address: 10.1.${i >> 8}.${(i & 255) + 1} }`);
  const manifest = [
    'version: 1',
    'settings:',
    '  dynamicPorts: { server: { enabled: true, range: 50000-50049 }, agent: { enabled: true, range: 50100-50149 } }',
    '  concurrentJobs: 4',
    'hosts:',
    ...hosts,
    'firewalls:',
    `  - { name: core, rules: core.fwrules.yaml, protects: [${Array.from({ length: agents }, (_, i) => `agent${i}`).join(', ')}] }`,
    '',
  ].join('\n');
  const rules: string[] = [];
  const rule = (name: string, action: string, from: string, to: string, ports: string, comment = '') =>
    rules.push(`  - name: ${name}${comment}\n    action: ${action}\n    protocol: tcp\n    from: [${from}]\n    to: [${to}]\n    ports: [${ports}]\n`);
  for (let i = 0; i < agents && rules.length < ruleCount; i++) {
    rule(`BE to agent${i}`, 'allow', 'be01', `agent${i}`, '10000, 50100-50149', '   # control and data');
    if (rules.length < ruleCount) rule(`agent${i} to BE`, 'allow', `agent${i}`, 'be01', '6101, 50000-50049');
  }
  for (let i = 0; rules.length < ruleCount; i++) {
    const subnet = `10.${20 + (i % 200)}.${(i >> 8) & 255}.${(i & 255) + 1}`;
    rule(`app-${i}`, i % 7 === 0 ? 'block' : 'allow', subnet, `10.30.${(i >> 8) & 255}.${(i & 255) + 1}`, String(1024 + (i % 60000)));
  }
  const ruleFile = ['# Generated core firewall', 'version: 1', 'evaluation: first-match', 'defaults: { inbound: block, outbound: allow }', 'rules:', ...rules].join('\n');
  return { manifest, ruleFile };
}

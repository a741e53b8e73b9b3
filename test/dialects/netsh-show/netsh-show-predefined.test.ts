import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFiles } from '../../support/engine';

/** A field of the show-rule layout: the label padded so the value starts at column 39. */
const field = (label: string, value: string) => `${`${label}:`.padEnd(38)}${value}`;

function record(name: string, port: string, enabled: 'Yes' | 'No'): string[] {
  return [
    field('Rule Name', name),
    '-'.repeat(70),
    field('Enabled', enabled),
    field('Direction', 'In'),
    field('Profiles', 'Domain,Private,Public'),
    field('Grouping', name.startsWith('Windows Management') ? 'Windows Management Instrumentation (WMI)' : 'Remote Service Management'),
    field('LocalIP', 'Any'),
    field('RemoteIP', 'Any'),
    field('Protocol', 'TCP'),
    field('LocalPort', port),
    field('RemotePort', 'Any'),
    field('Edge traversal', 'No'),
    field('Action', 'Allow'),
    '',
  ];
}

const MANIFEST = [
  'version: 1',
  'hosts:',
  '  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }',
  '  - { name: admin01, role: remote-administration-console, address: 10.0.3.5 }',
  'firewalls:',
  '  - { name: be01-host, rules: be01.netsh-show.txt, host: be01 }',
  '',
].join('\n');

const exportWith = (wmi: 'Yes' | 'No') =>
  ['', ...record('Remote Service Management (RPC-EPMAP)', 'RPC-EPMap', 'Yes'), ...record('Windows Management Instrumentation (WMI-In)', 'RPC', wmi), 'Ok.', ''].join('\r\n');

describe('predefined Windows rules in a show-rule export', () => {
  it('the Remote Administration Console flow is allowed by the enabled RPC-EPMAP and WMI-In rules, read by display name', async () => {
    const { report } = await checkFiles({ 'site.bexnet.yaml': MANIFEST, 'be01.netsh-show.txt': exportWith('Yes') }, 'site.bexnet.yaml');
    const console = report.evaluations.find((e) => e.flow.service.id === 'remote-admin-console')!;
    assert.equal(console.problem, undefined);
    assert.deepEqual(console.allowedBy.map((share) => share.rule.name).sort(), ['Remote Service Management (RPC-EPMAP)', 'Windows Management Instrumentation (WMI-In)']);
  });

  it('with WMI-In disabled, the flow is partly allowed and the missing rule is named', async () => {
    const { report } = await checkFiles({ 'site.bexnet.yaml': MANIFEST, 'be01.netsh-show.txt': exportWith('No') }, 'site.bexnet.yaml');
    const console = report.evaluations.find((e) => e.flow.service.id === 'remote-admin-console')!;
    assert.deepEqual([console.problem, console.missingWindowsRules], ['partial', ['Windows Management Instrumentation (WMI-In)']]);
  });
});

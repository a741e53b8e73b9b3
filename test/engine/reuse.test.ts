import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoryService, uriOf } from '../support/engine';

/**
 * What a check keeps for the next one: after an edit of one rule file, the
 * flow evaluations at the firewalls of the site's other rule files are the
 * ones already made, not made again (issue 14: a 500-host site re-evaluated
 * every flow at every firewall on each keystroke).
 */

const MANIFEST = `version: 1
settings:
  dynamicPorts: { agent: { enabled: true, range: 50100-50149 } }
hosts:
  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }
  - { name: sql01, role: remote-computer, address: 10.0.2.20 }
  - { name: web01, role: remote-computer, address: 10.0.3.30 }
firewalls:
  - { name: dmz, rules: dmz.fwrules.yaml, protects: [sql01] }
  - { name: web, rules: web.fwrules.yaml, protects: [web01] }
`;

const rules = (to: string, ports: string) => `version: 1
evaluation: first-match
defaults: { inbound: block, outbound: allow }
rules:
  - { name: BE to ${to}, action: allow, protocol: tcp, from: [be01], to: [${to}], ports: [${ports}] }
`;

describe('checks reuse what an edit did not change', () => {
  it('the evaluations at an untouched rule file are kept; the edited file\'s are made anew', async () => {
    const service = memoryService({ 'site.bexnet.yaml': MANIFEST, 'web.fwrules.yaml': rules('web01', '10000, 50100-50149') });
    const check = (dmz: string) => service.checkManifest({ uri: uriOf('site.bexnet.yaml'), text: MANIFEST }, { documents: (uri) => (uri === uriOf('dmz.fwrules.yaml') ? dmz : undefined) });
    const at = (report: Awaited<ReturnType<typeof check>>, firewall: string) => report.evaluations.filter((e) => e.firewall.name.value === firewall);
    const before = await check(rules('sql01', '10000'));
    const after = await check(rules('sql01', '10000, 50100-50149'));
    assert.ok(at(before, 'web').length > 0);
    assert.deepStrictEqual(
      at(after, 'web').map((e, i) => e === at(before, 'web')[i]),
      at(before, 'web').map(() => true),
    );
    assert.ok(at(after, 'dmz').every((e) => !at(before, 'dmz').includes(e)));
    assert.ok(at(after, 'dmz').every((e) => e.denied.isEmpty), 'the edit is seen: the data range is now open at dmz');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getDefaultCatalog } from '../../../server/src/engine/catalog/catalog';
import { bex101PartialFlow } from '../../../server/src/engine/checks/bex101PartialFlow';
import { createCheckContext } from '../../../server/src/engine/checks/context';
import { memoryService, uriOf } from '../../support/engine';
import { chainFile, site, walk, type ChainSpec } from '../../support/chains';

/**
 * Rules befw cannot judge (known only on the host), rules that never open a connection (established,
 * loopback), and rules that open part of a range.
 */

const INPUT = 'filter/INPUT';
const input = (policy: 'allow' | 'block', rules: ChainSpec['rules']): ChainSpec[] => [{ id: INPUT, hook: 'inbound', policy, rules }];
const IPSET = '-m set --match-set backup-servers src';
const clean = { denied: '', blockedBy: [], mayBlockBy: [], policyDenials: [], inserts: [], problem: undefined };
const deniedByPolicy = { allowed: '', denied: '10000', allowedBy: [], blockedBy: [], mayBlockBy: [], policyDenials: [`${INPUT} block 10000`], inserts: [`web02.rules ${INPUT} end`], problem: 'missing' };

describe('rules known only on the host', () => {
  it('a hostOnly ACCEPT never counts: the policy drop after it decides', () => {
    assert.deepEqual(walk(input('block', [{ protocol: 'tcp', ports: ['10000'], hostOnly: IPSET, verdict: 'accept' }]), 'control'), deniedByPolicy);
  });

  it('a hostOnly DROP or REJECT does not deny: the accept after it decides, and the rule is said in mayBlockBy with the ports it would take', () => {
    for (const verdict of ['drop', 'reject'] as const) {
      const chains = input('block', [{ protocol: 'tcp', ports: ['1025-10000'], hostOnly: '-m owner --uid-owner 0', verdict }, { protocol: 'tcp', sources: ['10.1.1.10'], verdict: 'accept' }]);
      assert.deepEqual(walk(chains, 'data'), { ...clean, allowed: '1025-65535', allowedBy: [`${INPUT}#1 1025-65535`], mayBlockBy: [`${INPUT}#0 1025-10000`] }, verdict);
    }
  });

  it('a hostOnly DROP in a user chain is said too, with the ports that reached it', () => {
    const chains = [...input('block', [{ protocol: 'tcp', ports: ['10000'], verdict: { jump: 'filter/BLOCKLIST' } }, { protocol: 'tcp', verdict: 'accept' }]), { id: 'filter/BLOCKLIST', rules: [{ hostOnly: '-m set --match-set blocklist src', verdict: 'drop' as const }] }];
    assert.deepEqual(walk(chains, 'data'), { ...clean, allowed: '1025-65535', allowedBy: [`${INPUT}#1 1025-65535`], mayBlockBy: ['filter/BLOCKLIST#0 10000'] });
  });

  it(
    'a hostOnly jump into a chain that drops may block: it is said in mayBlockBy',
    () => {
      const chains = [...input('allow', [{ protocol: 'tcp', hostOnly: '-m set --match-set blocklist src', verdict: { jump: 'filter/DENY' } }]), { id: 'filter/DENY', rules: [{ verdict: 'drop' as const }] }];
      // The jump rule or the drop it leads to: either names what may block 10000.
      assertSaid(walk(chains, 'control').mayBlockBy, '10000');
    },
  );

  it(
    'a hostOnly RETURN before the accept of a user chain may hand the packet to the policy drop: that is said',
    () => {
      const chains = [...input('block', [{ verdict: { jump: 'filter/AGENT' } }]), { id: 'filter/AGENT', rules: [{ hostOnly: '-m mark --mark 0x1', verdict: 'return' as const }, { protocol: 'tcp', verdict: 'accept' as const }] }];
      assertSaid(walk(chains, 'control').mayBlockBy, '10000');
    },
  );
});

/** Some rule is said to possibly block the flow, each with exactly `ports`. */
function assertSaid(mayBlockBy: readonly string[], ports: string): void {
  assert.ok(mayBlockBy.length > 0, 'nothing is said to possibly block the flow');
  for (const said of mayBlockBy) assert.ok(said.endsWith(` ${ports}`), said);
}

describe('rules that open no new connection', () => {
  it('ESTABLISHED,RELATED and loopback ACCEPTs never match a required flow: the policy decides', () => {
    const chains = input('block', [{ establishedOnly: true, verdict: 'accept' }, { loopbackOnly: true, verdict: 'accept' }, { protocol: 'tcp', ports: ['10000'], establishedOnly: true, loopbackOnly: true, verdict: 'accept' }]);
    assert.deepEqual(walk(chains, 'control'), deniedByPolicy);
  });

  it('nor do their DROPs: the accept after them decides, and nothing is said', () => {
    const chains = input('block', [{ establishedOnly: true, verdict: 'drop' }, { loopbackOnly: true, verdict: 'reject' }, { protocol: 'tcp', ports: ['10000'], verdict: 'accept' }]);
    assert.deepEqual(walk(chains, 'control'), { ...clean, allowed: '10000', allowedBy: [`${INPUT}#2 10000`] });
  });
});

describe('part of a range', () => {
  const partly = input('block', [{ protocol: 'tcp', sources: ['10.1.1.10'], ports: ['1025-50000'], verdict: 'accept', name: 'Backup Exec data from be02' }]);

  it('an ACCEPT of 1025-50000, then policy drop: the data flow is partial, 50001-65535 denied exactly', () => {
    assert.deepEqual(walk(partly, 'data'), {
      allowed: '1025-50000',
      denied: '50001-65535',
      allowedBy: [`${INPUT}#0 1025-50000`],
      blockedBy: [],
      mayBlockBy: [],
      policyDenials: [`${INPUT} block 50001-65535`],
      inserts: [`web02.rules ${INPUT} end`],
      problem: 'partial',
    });
  });

  it('BEX101 is reported at the rule\'s ports and says which stay closed', () => {
    const file = chainFile('web02.rules', { chains: partly });
    const manifest = memoryService({}).parseManifest({ uri: uriOf('site.bexnet.yaml'), text: site() });
    const firewall = manifest.firewalls[0];
    const context = createCheckContext(getDefaultCatalog(), manifest, [{ firewall, rulesPath: firewall.rules[0], ruleFileUri: file.uri, ruleFile: file }], [file], { hardening: false });
    const inRuleFile = bex101PartialFlow.check(context).filter((finding) => finding.uri === file.uri);
    assert.equal(inRuleFile.length, 1);
    assert.equal(file.text.slice(...inRuleFile[0].range), '1025-50000');
    assert.equal(
      inRuleFile[0].message,
      'Remote Agent data connections (TCP 1025-65535) from be02 (10.1.1.10) to web02 (10.1.2.20) does not get through firewall "web02-host" (inbound): rule "Backup Exec data from be02" opens 1025-50000, but 50001-65535 stay closed (chain filter/INPUT drops 50001-65535 by its policy).',
    );
  });
});

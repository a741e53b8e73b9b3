import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertRuleData, ruleForFlow } from '../../../server/src/engine/checks/flowFindings';
import { getDefaultCatalog } from '../../../server/src/engine/catalog/catalog';
import { formatInterval } from '../../../server/src/engine/util/portSet';
import { uriOf } from '../../support/engine';
import { chainFile, evaluate, walk, type ChainSpec, type FlowName } from '../../support/chains';

/**
 * Where the fix for a denied flow writes its accept rule (ChainEvaluation.inserts), and the fix data
 * the checks hand to a dialect (insertRuleData → chainInserts). Each placement is also tried: the
 * accept the fix would write (from be02, the denied ports) is put where the insert says, and the flow
 * must then pass. Applying real fixes to real files is the dialects' tests' concern.
 */

const INPUT = 'filter/INPUT';
const input = (policy: 'allow' | 'block', rules: ChainSpec['rules']): ChainSpec => ({ id: INPUT, hook: 'inbound', policy, rules });

/** The flow's outcome once the accept the fix writes is in place at every insert. */
function afterFix(chains: readonly ChainSpec[], flow: FlowName) {
  const evaluation = evaluate([chainFile('web02.rules', { chains })], flow);
  assert.ok(evaluation.chains!.inserts.length > 0, 'the flow is denied somewhere');
  const accept = { protocol: 'tcp', sources: ['10.1.1.10'], ports: evaluation.denied.intervals.map(formatInterval), verdict: 'accept' as const, name: 'befw fix' };
  const fixed = chains.map((chain) => {
    const insert = evaluation.chains!.inserts.find((i) => i.chain === chain.id);
    if (!insert) return chain;
    const rules = [...chain.rules];
    rules.splice(insert.before ?? rules.length, 0, accept);
    return { ...chain, rules };
  });
  return walk(fixed, flow);
}

const fail2ban: ChainSpec[] = [
  input('allow', [{ protocol: 'tcp', ports: ['22'], verdict: 'accept' }, { protocol: 'tcp', verdict: { jump: 'filter/f2b-backup' } }, { verdict: 'accept' }]),
  { id: 'filter/f2b-backup', rules: [{ sources: ['10.1.1.0/24'], verdict: 'reject' }, { verdict: 'return' }] },
];

describe('where the fix inserts', () => {
  it('inside the user chain, before the rule that drops, when every denied port entered that chain', () => {
    assert.deepEqual(walk(fail2ban, 'control').inserts, ['web02.rules filter/f2b-backup#0']);
    assert.deepEqual(afterFix(fail2ban, 'control').denied, '');
  });

  it('in the base chain, before the jump that led to the drop, when the base chain also denies ports that never entered the user chain', () => {
    const chains = [
      input('block', [{ protocol: 'tcp', ports: ['1025-9999'], verdict: 'accept' }, { protocol: 'tcp', ports: ['10000'], verdict: { jump: 'filter/NDMP' } }, { protocol: 'tcp', ports: ['10001-20000'], verdict: 'accept' }]),
      { id: 'filter/NDMP', rules: [{ verdict: 'drop' as const }] },
    ];
    const walked = walk(chains, 'data');
    assert.deepEqual([walked.denied, walked.blockedBy, walked.policyDenials, walked.inserts], ['10000, 20001-65535', ['filter/NDMP#0 10000'], [`${INPUT} block 20001-65535`], [`web02.rules ${INPUT}#1`]]);
    assert.deepEqual(afterFix(chains, 'data').denied, '');
  });

  it('before the first drop the packet meets, when several drop parts of the flow', () => {
    const chains = [input('allow', [{ protocol: 'tcp', verdict: { jump: 'filter/LOW' } }, { protocol: 'tcp', ports: ['5001-65535'], verdict: 'drop' }]), { id: 'filter/LOW', rules: [{ protocol: 'tcp', ports: ['1025-5000'], verdict: 'drop' as const }] }];
    const walked = walk(chains, 'data');
    assert.deepEqual([walked.blockedBy, walked.inserts], [['filter/LOW#0 1025-5000', `${INPUT}#1 5001-65535`], ['web02.rules filter/LOW#0']]);
    assert.deepEqual(afterFix(chains, 'data').denied, '');
  });

  it('appended to the base chain when only its policy denied', () => {
    const chains = [input('block', [{ protocol: 'tcp', ports: ['22'], verdict: 'accept' }, { verdict: { jump: 'filter/LOGGING' } }]), { id: 'filter/LOGGING', rules: [{ verdict: 'continue' as const }] }];
    assert.deepEqual(walk(chains, 'control').inserts, [`web02.rules ${INPUT} end`]);
    assert.deepEqual(afterFix(chains, 'control').denied, '');
  });

  it('one per denying base chain, each of which then lets the flow through', () => {
    const chains = [
      { id: 'inet filter/input', hook: 'inbound' as const, priority: 0, policy: 'allow' as const, rules: [{ protocol: 'tcp', ports: ['10000'], verdict: 'drop' as const }] },
      { id: 'inet bex/input', hook: 'inbound' as const, priority: 10, policy: 'block' as const, rules: [{ protocol: 'tcp', ports: ['1025-9999'], verdict: 'accept' as const }] },
    ];
    assert.deepEqual(walk(chains, 'data').inserts, ['web02.rules inet filter/input#0', 'web02.rules inet bex/input end']);
    assert.deepEqual(afterFix(chains, 'data').denied, '');
  });

  it(
    'before a RETURN that hands ports to the policy drop, not after it',
    () => {
      const chains = [input('block', [{ verdict: { jump: 'filter/AGENT' } }]), { id: 'filter/AGENT', rules: [{ protocol: 'tcp', ports: ['1025-5000'], verdict: 'return' as const }, { verdict: 'drop' as const }] }];
      assert.deepEqual(afterFix(chains, 'data').denied, '');
    },
  );

  it(
    'not appended after a goto or RETURN in the base chain that takes the ports to the policy first',
    () => {
      const byReturn = [input('block', [{ protocol: 'tcp', ports: ['10000'], verdict: 'return' }])];
      const byGoto = [input('block', [{ verdict: { goto: 'filter/AGENT' } }]), { id: 'filter/AGENT', rules: [{ verdict: 'return' as const }] }];
      assert.deepEqual([afterFix(byReturn, 'control').denied, afterFix(byGoto, 'control').denied], ['', '']);
    },
  );
});

describe('the fix data of a chain insert (insertRuleData)', () => {
  it('names the chain, the rule to go before and its text, so a fix can tell the file has not changed under it', () => {
    const evaluation = evaluate([chainFile('web02.rules', { chains: fail2ban })], 'control');
    assert.deepEqual(insertRuleData(evaluation, ruleForFlow(getDefaultCatalog(), evaluation, evaluation.denied)), {
      fix: 'insert-rule',
      firewall: 'web02-host',
      rule: {
        name: 'Remote Agent control connection (NDMP) from be02 to web02',
        // What `befw generate` writes for the flow: the service, its ports, the Linux agent's process and the sources.
        description: 'Backup Exec: Remote Agent control connection (NDMP) (TCP 10000, /opt/VRTSralus/bin/beremote on the Agent for Linux (community source, not Veritas)); source: KB100017208, ADMIN20, RALUS-PUPPET',
        action: 'allow',
        protocol: 'tcp',
        from: ['be02'],
        to: ['web02'],
        ports: ['10000'],
      },
      direction: 'inbound',
      hostFirewall: true,
      ruleFileUri: uriOf('web02.rules'),
      chainInserts: [{ uri: uriOf('web02.rules'), chain: 'filter/f2b-backup', before: 0, beforeRuleText: 'saddr 10.1.1.0/24 reject' }],
    });
  });

  it('one entry per base chain, an appended one without a rule to go before', () => {
    const chains = [
      { id: 'inet filter/input', hook: 'inbound' as const, priority: 0, policy: 'allow' as const, rules: [{ protocol: 'tcp', ports: ['10000'], verdict: 'drop' as const, name: 'no NDMP from outside' }] },
      { id: 'inet bex/input', hook: 'inbound' as const, priority: 10, policy: 'block' as const, rules: [] },
    ];
    const evaluation = evaluate([chainFile('web02.rules', { chains })], 'data');
    const data = insertRuleData(evaluation, ruleForFlow(getDefaultCatalog(), evaluation, evaluation.denied));
    assert.deepEqual(data.chainInserts, [
      { uri: uriOf('web02.rules'), chain: 'inet filter/input', before: 0, beforeRuleText: 'tcp dport 10000 drop comment "no NDMP from outside"' },
      { uri: uriOf('web02.rules'), chain: 'inet bex/input', beforeRuleText: undefined },
    ]);
    assert.deepEqual((data.rule as { ports: string[] }).ports, ['1025-65535']);
  });

  it('in a ufw rule set, names user.rules, where the chain is, not the defaults file listed after it', () => {
    const userRules = chainFile('user.rules', { dialect: 'ufw', chains: [{ id: 'filter/ufw-user-input', hook: 'inbound', policy: 'block', policyAssumed: 'ufw denies incoming by default', rules: [] }] });
    const defaults = chainFile('ufw', { dialect: 'ufw', statedPolicies: { inbound: 'block' } });
    const evaluation = evaluate([userRules, defaults], 'control');
    const data = insertRuleData(evaluation, ruleForFlow(getDefaultCatalog(), evaluation, evaluation.denied));
    assert.deepEqual([data.ruleFileUri, data.chainInserts], [uriOf('user.rules'), [{ uri: uriOf('user.rules'), chain: 'filter/ufw-user-input', beforeRuleText: undefined }]]);
  });
});

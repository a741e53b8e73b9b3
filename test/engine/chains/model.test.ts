import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chainFile, chainParse, type FileSpec } from '../../support/chains';

/**
 * The rule model of a chain file (dialects/chains/chainModel.ts), which the walk reads, and the builder
 * the chain tests make files with: its ranges must point at the text they say, or no range test means anything.
 */

const SPEC: FileSpec = {
  chains: [
    {
      id: 'filter/INPUT',
      hook: 'inbound',
      policy: 'block',
      rules: [
        { establishedOnly: true, verdict: 'accept' },
        { loopbackOnly: true, verdict: 'accept' },
        { protocol: 'tcp', sources: ['10.1.1.10', '10.1.1.0/24'], ports: ['10000', '50100-50149'], verdict: 'accept', name: 'Backup Exec – be02 → web02' },
        { protocol: 'tcp', hostOnly: '-m set --match-set blocklist src', verdict: 'drop' },
        { protocol: 'tcp', ports: ['10000'], verdict: { jump: 'filter/BEX' } },
        { verdict: 'reject' },
      ],
    },
    { id: 'filter/BEX', rules: [{ protocol: 'udp', destinations: ['10.1.2.20'], verdict: 'drop' }, { verdict: { jump: 'filter/BEX-LOG' } }, { verdict: 'return' }] },
    { id: 'filter/BEX-LOG', rules: [{ verdict: 'continue' }] },
    { id: 'filter/OUTPUT', hook: 'outbound', policy: 'allow', rules: [{ verdict: { goto: 'filter/OUT-BEX' } }] },
    { id: 'filter/OUT-BEX', rules: [{ protocol: 'tcp', ports: ['6101'], verdict: 'accept' }] },
  ],
};

describe('the chain builder', () => {
  it('writes one line per chain and rule, and every range points at what it says', () => {
    const { text, parse } = chainParse(SPEC);
    const at = (range: readonly [number, number]) => text.slice(range[0], range[1]);
    const [input, bex] = parse.chains;
    assert.equal(at(input.name.range), 'filter/INPUT');
    assert.equal(at(input.policy!.range), 'drop');
    const rule = input.rules[2];
    assert.equal(at(rule.range), 'tcp saddr 10.1.1.10,10.1.1.0/24 dport 10000,50100-50149 accept comment "Backup Exec – be02 → web02"');
    assert.deepEqual([rule.sources!, rule.ports!].map((list) => [at(list.range), ...list.items.map((item) => at(item.range))]), [
      ['10.1.1.10,10.1.1.0/24', '10.1.1.10', '10.1.1.0/24'],
      ['10000,50100-50149', '10000', '50100-50149'],
    ]);
    assert.deepEqual([at(rule.protocol!.range), at(rule.verdict.range), at(rule.name!.range)], ['tcp', 'accept', 'Backup Exec – be02 → web02']);
    assert.equal(at(input.rules[3].hostOnly!.range), '-m set --match-set blocklist src');
    assert.equal(at(input.rules[4].verdict.range), 'jump filter/BEX');
    assert.equal(input.appendAt, text.indexOf('chain filter/BEX'));
    assert.equal(bex.appendAt, text.indexOf('chain filter/BEX-LOG'));
  });
});

describe('chainRuleFile', () => {
  const file = chainFile('web02.rules', SPEC);
  const [input, bex, bexLog, output, outBex] = file.chains!;

  it('is evaluated as chains, its defaults the base chains\' policies', () => {
    assert.deepEqual([file.evaluation, file.defaults, file.defaultsAssumed], ['chains', { inbound: 'block', outbound: 'allow' }, false]);
  });

  it('lists as `rules` only the accept, drop and reject rules that open connections and befw can judge, in file order', () => {
    assert.deepEqual(
      file.rules.map((rule) => [rule.index, rule.name, rule.action]),
      [
        [0, 'Backup Exec – be02 → web02', 'allow'],
        [1, 'reject', 'block'],
        [2, 'udp daddr 10.1.2.20 drop', 'block'],
        [3, 'tcp dport 6101 accept', 'allow'],
      ],
    );
    assert.deepEqual(input.rules.map((rule) => rule.rule.index), [-1, -1, 0, -1, -1, 1]);
  });

  it('keeps every chain rule with its verdict, what makes it host-only, and whether it opens connections', () => {
    assert.deepEqual(
      input.rules.map((rule) => [rule.verdict, rule.hostOnly, rule.opensConnections]),
      [
        [{ kind: 'accept' }, undefined, false],
        [{ kind: 'accept' }, undefined, false],
        [{ kind: 'accept' }, undefined, true],
        [{ kind: 'drop' }, '-m set --match-set blocklist src', true],
        [{ kind: 'jump', chain: 'filter/BEX' }, undefined, true],
        [{ kind: 'reject' }, undefined, true],
      ],
    );
    assert.deepEqual([input.priority, input.hook, bex.hook, bex.priority], [0, 'inbound', undefined, 0]);
  });

  it('a user chain\'s rules apply in the direction of the hook that reaches it, by jump or by goto, through other user chains', () => {
    const directions = [bex, bexLog, output, outBex].map((chain) => chain.rules[0].rule.syntax.direction);
    assert.deepEqual(directions, ['inbound', 'inbound', 'outbound', 'outbound']);
  });

  it('rule models carry the ports and addresses, with ranges at the text', () => {
    const rule = input.rules[2].rule;
    assert.deepEqual([rule.protocol, String(rule.ports), rule.sources, rule.destinations], ['tcp', '10000, 50100-50149', ['10.1.1.10', '10.1.1.0/24'], ['any']]);
    assert.deepEqual(rule.portItems.map((item) => file.text.slice(...item.range)), ['10000', '50100-50149']);
    assert.deepEqual(rule.from.map((item) => file.text.slice(...item.range)), ['10.1.1.10', '10.1.1.0/24']);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RuleModel } from '../../server/src/engine/model/types';
import { assertDiagnostic, fixRoundTrip, range, textAt, theDiagnostic } from '../support/checkFixtures';
import { applyFix, checkFiles, diagnosticsOf, summary } from '../support/engine';

/**
 * YAML merge keys, the idiom `- <<: *be-rule` then overrides, in manifests
 * and rule files: a merged item reads as if its anchor's keys were written in
 * it, its own keys win, and what it takes from the anchor is reported where
 * the anchor writes it. A merge that cannot be read is one BEX001, nothing
 * more; a key written twice is one BEX001, and the first one counts.
 */

const MANIFEST = `version: 1
x-agent: &agent { role: remote-computer, agent: windows }
settings:
  dynamicPorts: { server: { enabled: true, range: 50000-50049 }, agent: { enabled: true, range: 50100-50149 } }
hosts:
  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }
  - <<: *agent
    name: sql01
    address: 10.0.2.20
  - { <<: *agent, name: sql02, address: 10.0.2.21 }
firewalls:
  - { name: dmz, rules: dmz.fwrules.yaml, protects: [sql01, sql02] }
`;

const RULES = `version: 1
evaluation: first-match
defaults: { inbound: block, outbound: allow }
x-be-rule: &be-rule
  action: allow
  protocol: tcp
  from: [be01]
rules:
  - <<: *be-rule
    name: BE to sql01
    to: [sql01]
    ports: [10000, 50100-50149]
  - <<: *be-rule
    name: BE to sql02
    to: [sql02]
    ports: [10000, 50100-50149]
`;

const at = (text: string, needle: string, nth = 0): [number, number] => {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `"${needle}" #${nth} is in the text`);
  return [offset, offset + needle.length];
};

async function check(manifest: string, rules: string) {
  const files = { 'site.bexnet.yaml': manifest, 'dmz.fwrules.yaml': rules };
  return { files, ...(await checkFiles(files, 'site.bexnet.yaml')) };
}

const meaning = (rule: RuleModel) => [rule.name, rule.action, rule.protocol, rule.sources, rule.destinations, rule.ports.toString()];

describe('YAML merge keys (<<: *anchor)', () => {
  it('merged hosts and rules read as written out: every flow gets through, nothing is reported', async () => {
    const { report } = await check(MANIFEST, RULES);
    assert.deepStrictEqual(summary(report), []);
    assert.deepStrictEqual(report.manifest!.hosts.map((h) => [h.name.value, h.role.value, h.agent, h.address.value]), [
      ['be01', 'backup-exec-server', 'windows', '10.0.1.10'],
      ['sql01', 'remote-computer', 'windows', '10.0.2.20'],
      ['sql02', 'remote-computer', 'windows', '10.0.2.21'],
    ]);
    assert.deepStrictEqual(report.ruleFiles[0].rules.map(meaning), [
      ['BE to sql01', 'allow', 'tcp', ['be01'], ['sql01'], '10000, 50100-50149'],
      ['BE to sql02', 'allow', 'tcp', ['be01'], ['sql02'], '10000, 50100-50149'],
    ]);
    assert.ok(report.evaluations.length >= 4 && report.evaluations.every((e) => !e.problem));
  });

  it('what an item takes from its anchor has the range of the anchor\'s text; what it writes, its own', async () => {
    const { report } = await check(MANIFEST, RULES);
    const sql01 = report.manifest!.hosts[1];
    assert.deepStrictEqual(sql01.role.range, at(MANIFEST, 'remote-computer'));
    assert.deepStrictEqual(sql01.name.range, at(MANIFEST, 'sql01'));
    const [first, second] = report.ruleFiles[0].rules;
    for (const rule of [first, second]) {
      assert.deepStrictEqual(rule.from.map((f) => f.range), [at(RULES, 'be01')]);
      assert.deepStrictEqual([rule.syntax.action!.range[0] + rule.base, rule.syntax.action!.range[1] + rule.base], at(RULES, 'allow', 1));
    }
    assert.deepStrictEqual(second.to.map((t) => t.range), [at(RULES, 'sql02', 1)]);
  });

  it('an item\'s own key wins over its anchor\'s: protocol: udp in one item is a BEX102 there, fixed there', async () => {
    const rules = RULES.replace('    name: BE to sql02\n', '    name: BE to sql02\n    protocol: udp\n');
    const { files, service, report } = await check(MANIFEST, rules);
    assert.deepStrictEqual(report.ruleFiles[0].rules.map((r) => r.protocol), ['tcp', 'udp']);
    const diagnostics = diagnosticsOf(report, 'dmz.fwrules.yaml').filter((d) => d.code === 'BEX102');
    assert.equal(diagnostics.length, 2, summary(report).join(', '));
    const control = diagnostics.find((d) => String(d.message).startsWith('Remote Agent control'))!;
    assertDiagnostic(files, 'dmz.fwrules.yaml', control, { range: range(14, 14, 14, 17), text: 'udp', facts: ['rule "BE to sql02" opens 10000 for UDP'] });
    const { fixed } = await fixRoundTrip({ files, manifest: 'site.bexnet.yaml', service, report, diagnostic: control, gone: ['dmz.fwrules.yaml:15 BEX102', 'dmz.fwrules.yaml:15 BEX102', 'site.bexnet.yaml:12 BEX102', 'site.bexnet.yaml:12 BEX102'] });
    assert.equal(fixed['dmz.fwrules.yaml'], rules.replace('    protocol: udp\n', '    protocol: tcp\n'));
  });

  it('a wrong value in the anchor is reported at the anchor, for each item that merges it, and no fix edits the anchor (it would change every item)', async () => {
    const rules = RULES.replace('  protocol: tcp\n', '  protocol: udp\n');
    const { files, service, report } = await check(MANIFEST, rules);
    const diagnostics = diagnosticsOf(report, 'dmz.fwrules.yaml').filter((d) => d.code === 'BEX102');
    assert.equal(diagnostics.length, 4, summary(report).join(', '));
    for (const diagnostic of diagnostics) {
      assert.ok(/^rule "BE to sql0[12]" opens/.test(String(diagnostic.message).split(': ')[1]), String(diagnostic.message));
      assert.deepStrictEqual(service.getQuickFixes(report, diagnostic), [], 'no fix into the anchor');
    }
    const anySource = await check(MANIFEST, RULES.replace('  from: [be01]\n', '  from: any\n').replace('ports: [10000, 50100-50149]', 'ports: [10000, 1025-65535]'));
    const bex203 = diagnosticsOf(anySource.report, 'dmz.fwrules.yaml').filter((d) => d.code === 'BEX203');
    assert.equal(bex203.length, 1, summary(anySource.report).join(', '));
    assert.deepStrictEqual(anySource.service.getQuickFixes(anySource.report, bex203[0]), [], 'no fix into the anchor');
    const schema = RULES.replace('  action: allow\n', '  action: permit\n');
    const broken = await check(MANIFEST, schema);
    const bex001 = diagnosticsOf(broken.report, 'dmz.fwrules.yaml').filter((d) => d.code === 'BEX001');
    assert.deepStrictEqual(bex001.map((d) => String(d.message)), ['rules[0].action: expected one of allow, block; found text "permit"', 'rules[1].action: expected one of allow, block; found text "permit"']);
    for (const d of bex001) assert.equal(textAt(broken.files, 'dmz.fwrules.yaml', d.range), 'permit');
    void files;
  });

  it('a merge that cannot be read is one BEX001 at it, and the item gets no other BEX001 (no "missing key", no "unknown key <<")', async () => {
    const cases: Record<string, [string, string]> = {
      'an alias of no anchor': ['<<: *be-rul', '*be-rul names no anchor: write &be-rul on a value above it'],
      'a list, not a mapping': ['<<: *ports', 'a merge key (<<) takes a mapping, an alias of one (*name) or a list of them'],
      'a number': ['<<: 5', 'a merge key (<<) takes a mapping, an alias of one (*name) or a list of them'],
    };
    for (const [label, [merge, message]] of Object.entries(cases)) {
      const rules = RULES.replace('x-be-rule:', 'x-ports: &ports [10000]\nx-be-rule:').replace('  - <<: *be-rule\n    name: BE to sql02', `  - ${merge}\n    name: BE to sql02`);
      const { files, report } = await check(MANIFEST, rules);
      const bex001 = diagnosticsOf(report, 'dmz.fwrules.yaml').filter((d) => d.code === 'BEX001');
      assert.deepStrictEqual(bex001.map((d) => String(d.message)), [`rules[1]: YAML: ${message}`], label);
      assert.equal(textAt(files, 'dmz.fwrules.yaml', bex001[0].range), merge.slice(4), label);
    }
  });

  it('a quoted "<<" is an ordinary key, which the format does not know', async () => {
    const { report } = await check(MANIFEST, RULES.replace('  - <<: *be-rule\n    name: BE to sql02', '  - "<<": *be-rule\n    name: BE to sql02'));
    assert.ok(diagnosticsOf(report, 'dmz.fwrules.yaml').some((d) => d.code === 'BEX001' && /unknown key "<<"/.test(String(d.message))), summary(report).join(', '));
  });

  it('anchors that merge each other, or many times over, are read in time', async () => {
    const chain = Array.from({ length: 40 }, (_, i) => `x-${i}: &m${i} { <<: [${i > 0 ? `*m${i - 1}, *m${i - 1}` : '{ action: allow }'}], x-k${i}: ${i} }\n`).join('');
    const rules = RULES.replace('x-be-rule: &be-rule\n', `${chain}x-be-rule: &be-rule\n  <<: *m39\n`);
    const started = Date.now();
    const { report } = await check(MANIFEST, rules);
    assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`);
    assert.deepStrictEqual(summary(report), []);
  });
});

describe('a key written twice', () => {
  it('top-level hosts twice: one BEX001 at the second, which says the first counts; the firewall names a host of the first: no BEX015', async () => {
    const manifest = MANIFEST.replace('firewalls:', 'hosts:\n  - { name: web01, role: remote-computer, address: 10.0.2.30 }\nfirewalls:');
    const { files, report } = await check(manifest, RULES);
    const diagnostic = theDiagnostic(report, 'site.bexnet.yaml', 'BEX001');
    assert.equal(diagnostic.message, 'YAML: "hosts" is written a second time in this mapping; befw reads the first one and ignores this one: keep one');
    assert.equal(textAt(files, 'site.bexnet.yaml', diagnostic.range), 'hosts');
    assert.deepStrictEqual(diagnostic.range.start, { line: 10, character: 0 });
    assert.deepStrictEqual(summary(report), ['site.bexnet.yaml:11 BEX001']);
    assert.deepStrictEqual(report.manifest!.hosts.map((h) => h.name.value), ['be01', 'sql01', 'sql02']);
  });

  it('rules twice in a rule file: the first list counts', async () => {
    const rules = `${RULES}rules:\n  - { name: other, action: block, protocol: any, from: any, to: any, ports: any }\n`;
    const { report } = await check(MANIFEST, rules);
    assert.deepStrictEqual(summary(report), ['dmz.fwrules.yaml:17 BEX001']);
    assert.deepStrictEqual(report.ruleFiles[0].rules.map((r) => r.name), ['BE to sql01', 'BE to sql02']);
  });

  it('a key twice in one rule: the first value counts, in its meaning and in its ranges', async () => {
    const rules = RULES.replace('    ports: [10000, 50100-50149]\n', '    ports: [10000, 50100-50149]\n    ports: [22]\n');
    const { report } = await check(MANIFEST, rules);
    const [first] = report.ruleFiles[0].rules;
    assert.equal(first.ports.toString(), '10000, 50100-50149');
    assert.deepStrictEqual(first.portItems.map((p) => p.text), ['10000', '50100-50149']);
    assert.deepStrictEqual(summary(report), ['dmz.fwrules.yaml:13 BEX001']);
  });

  it('the fixes of a merged file apply: a BEX101 on a rule that merges its ports adds nothing to the anchor', async () => {
    const rules = RULES.replace('x-be-rule: &be-rule\n', 'x-ports: &ports { ports: [10000, 50100-50120] }\nx-be-rule: &be-rule\n').replace('    name: BE to sql02\n    to: [sql02]\n    ports: [10000, 50100-50149]\n', '    <<: *ports\n    name: BE to sql02\n    to: [sql02]\n');
    const { files, service, report } = await check(MANIFEST, rules);
    const bex101 = diagnosticsOf(report, 'dmz.fwrules.yaml').filter((d) => d.code === 'BEX101');
    assert.equal(bex101.length, 1, summary(report).join(', '));
    const fixes = service.getQuickFixes(report, bex101[0]);
    assert.deepStrictEqual(fixes.map((f) => f.title), ['Add rule "Remote Agent data connections 50121-50149 from be01 to sql02"']);
    const fixed = applyFix(files, fixes[0]);
    assert.ok(fixed['dmz.fwrules.yaml'].includes('x-ports: &ports { ports: [10000, 50100-50120] }\n'), 'the anchor is as it was');
    const { report: after } = await checkFiles(fixed, 'site.bexnet.yaml');
    assert.deepStrictEqual(summary(after), []);
  });
});

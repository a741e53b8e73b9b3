import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { INITIAL, type IGrammar } from 'vscode-textmate';
import { failingCases, fixtureLine, loadGrammar, unguardedPatterns, type ScopeCase } from '../support/grammar';

const SCOPE = 'source.befw.nft';
const FILE = 'befw-nft.tmLanguage.json';
const RALUS = 'nftables/ralus-host.nft';
const SERVICES = 'nftables/real-nft-1.0.6-services.nft';
const SCRIPT = 'nftables/script-crlf.nft';

const suffixed = (scopes: string[]) => scopes.map((scope) => `${scope}.befw.nft`);

/** A case on a fixture line; scopes are written without the grammar's `.befw.nft` suffix. */
const onFixture = (fixture: string, containing: string, parts: string[], scopes: string[]): ScopeCase => ({ line: fixtureLine(fixture, containing), parts, scopes: suffixed(scopes) });

const CASES: ScopeCase[] = [
  onFixture(RALUS, 'table inet filter', ['table', 'inet', 'filter', '{', '#', 'handle 5'], [
    'storage.type.table',
    'support.type.family',
    'entity.name.type.table',
    'punctuation.section.braces.begin',
    'punctuation.definition.comment',
    'comment.line.number-sign',
  ]),
  onFixture(RALUS, 'set backup_servers', ['set', 'backup_servers'], ['storage.type.set', 'variable.other.set']),
  onFixture(RALUS, 'type ipv4_addr', ['type', 'ipv4_addr'], ['keyword.other', 'support.type.datatype']),
  onFixture(RALUS, 'flags interval', ['flags', 'interval'], ['keyword.other', 'keyword.other']),
  onFixture(RALUS, 'elements = { 10.0.1.10', ['elements', '=', '{', '10.0.1.10', ',', '10.0.2.0/24'], [
    'keyword.other',
    'keyword.operator.assignment',
    'punctuation.section.braces.begin',
    'variable.other.address',
    'punctuation.separator',
    'variable.other.address',
  ]),
  // An address range a-b; the set's closing brace.
  onFixture(RALUS, '192.168.50.1-192.168.50.20', ['192.168.50.1', '-', '192.168.50.20', '}'], ['variable.other.address', 'keyword.operator.range', 'variable.other.address', 'punctuation.section.braces.end']),
  onFixture(RALUS, 'elements = { 6101, 10000 }', ['6101'], ['constant.numeric']),
  onFixture(RALUS, 'chain input', ['chain', 'input'], ['storage.type.chain', 'entity.name.function.chain']),
  onFixture(RALUS, 'type filter hook input priority filter; policy drop;', ['type', 'filter', 'hook', 'input', 'priority', 'filter', ';', 'policy', 'drop', ';'], [
    'keyword.other.type',
    'support.type.chain-type',
    'keyword.other.hook',
    'constant.language.hook',
    'keyword.other.priority',
    'constant.language.priority',
    'punctuation.terminator.statement',
    'keyword.other.policy',
    'keyword.control.verdict.policy',
    'punctuation.terminator.statement',
  ]),
  onFixture(RALUS, 'type filter hook output priority 0; policy accept;', ['output', '0', 'accept'], ['constant.language.hook', 'constant.numeric.priority', 'keyword.control.verdict.policy']),
  onFixture(RALUS, 'iif "lo" accept', ['iif', '"', 'lo', 'accept'], ['support.variable.field', 'punctuation.definition.string.begin', 'string.quoted.double', 'keyword.control.verdict']),
  onFixture(RALUS, 'ct state established,related counter packets 1482', ['ct', 'state', 'established', ',', 'related', 'counter', '1482'], [
    'support.type.protocol',
    'support.variable.field',
    'constant.language.ctstate',
    'punctuation.separator',
    'constant.language.ctstate',
    'keyword.other',
    'constant.numeric',
  ]),
  // @set, a port name from /etc/services (FORMATS.md 2b), the rule's comment.
  onFixture(RALUS, 'ip saddr @backup_servers tcp dport ndmp', ['ip', 'saddr', '@', 'backup_servers', 'tcp', 'dport', 'ndmp', 'accept', 'comment', 'Backup Exec NDMP'], [
    'support.type.protocol',
    'support.variable.field',
    'punctuation.definition.variable',
    'variable.other.set',
    'support.type.protocol',
    'support.variable.field',
    'variable.other.constant.service',
    'keyword.control.verdict',
    'keyword.other',
    'string.quoted.double',
  ]),
  // != and an anonymous set of ports and a-b ranges.
  onFixture(RALUS, 'tcp dport { 6101, 10000-10010 }', ['!=', '10.0.0.0/8', 'dport', '{', '6101', ',', '10000-10010', '}', 'drop'], [
    'keyword.operator.comparison',
    'variable.other.address',
    'support.variable.field',
    'punctuation.section.braces.begin',
    'constant.numeric.port',
    'punctuation.separator',
    'constant.numeric.range',
    'punctuation.section.braces.end',
    'keyword.control.verdict',
  ]),
  onFixture(RALUS, 'ip6 saddr fe80::/10 udp dport 546', ['ip6', 'fe80::/10', 'udp', '546'], ['support.type.protocol', 'variable.other.address', 'support.type.protocol', 'constant.numeric.port']),
  onFixture(RALUS, 'jump ssh_guard', ['{', 'new', 'untracked', 'jump', 'ssh_guard'], ['punctuation.section.braces.begin', 'constant.language.ctstate', 'constant.language.ctstate', 'keyword.control.verdict', 'entity.name.function.chain']),
  onFixture(RALUS, 'return # handle 17', ['return'], ['keyword.control.verdict']),
  onFixture(RALUS, 'priority dstnat', ['nat', 'prerouting', 'dstnat'], ['support.type.chain-type', 'constant.language.hook', 'constant.language.priority']),
  onFixture(RALUS, 'dnat to 10.0.1.20:10000', ['10000', 'dnat', '10.0.1.20', ':', '10000'], ['constant.numeric.port', 'keyword.other', 'variable.other.address', 'punctuation.separator.key-value', 'constant.numeric']),
  // nft -S prints quoted service names (FORMATS.md addenda).
  onFixture(SERVICES, 'tcp dport "webmin" accept', ['dport', '"', 'webmin'], ['support.variable.field', 'punctuation.definition.string.begin', 'string.quoted.double']),
  onFixture(SCRIPT, '#!/usr/sbin/nft', ['#!'], ['comment.line.shebang']),
  onFixture(SCRIPT, 'flush ruleset', ['flush', 'ruleset'], ['keyword.other', 'keyword.other']),
  onFixture(SCRIPT, 'define BACKUP_SERVER', ['define', 'BACKUP_SERVER', '=', '10.0.1.10'], ['storage.type.define', 'variable.other.define', 'keyword.operator.assignment', 'variable.other.address']),
  onFixture(SCRIPT, 'ip saddr $BACKUP_SERVER', ['$', 'BACKUP_SERVER', '\\'], ['punctuation.definition.variable', 'variable.other.define', 'punctuation.separator.continuation']),
  onFixture(SCRIPT, 'tcp dport 65000-1000 drop', ['65000-1000'], ['constant.numeric.range']),
  onFixture(SCRIPT, 'vmap { 22 : accept', ['vmap', '22', ':', 'accept'], ['keyword.other', 'constant.numeric', 'punctuation.separator.key-value', 'keyword.control.verdict']),
  // Forms the fixtures lack: nft -f scripts and service names in sets.
  ...[
    { line: 'add rule inet filter input ip saddr 10.0.1.10 tcp dport 10000 accept', parts: ['add', 'rule', 'inet', 'filter', 'input', '10000'], scopes: ['keyword.other.command', 'storage.type.rule', 'support.type.family', 'entity.name.type.table', 'entity.name.function.chain', 'constant.numeric.port'] },
    { line: 'add chain inet filter input { type filter hook input priority filter + 10 ; }', parts: ['chain', 'inet', 'filter', 'input', '+', '10'], scopes: ['storage.type.chain', 'support.type.family', 'entity.name.type.table', 'entity.name.function.chain', 'keyword.operator.arithmetic', 'constant.numeric.priority'] },
    { line: 'add set ip filter be_servers { type ipv4_addr; }', parts: ['set', 'ip', 'filter', 'be_servers'], scopes: ['storage.type.set', 'support.type.family', 'entity.name.type.table', 'variable.other.set'] },
    { line: 'tcp dport != { ssh, 10000 } drop', parts: ['!=', 'ssh', '10000'], scopes: ['keyword.operator.comparison', 'variable.other.constant.service', 'constant.numeric.port'] },
    { line: '\t\telements = { 6101, 10000-10010 }', parts: ['10000-10010'], scopes: ['constant.numeric.range'] },
    { line: 'tcp dport { 22, # ssh', parts: ['22', '#'], scopes: ['constant.numeric.port', 'punctuation.definition.comment'] },
    { line: 'tcp dport { $NDMP_PORT, "ndmp" }', parts: ['$', 'NDMP_PORT', '"', 'ndmp'], scopes: ['punctuation.definition.variable', 'variable.other.define', 'punctuation.definition.string.begin', 'string.quoted.double'] },
    { line: 'include "/etc/nftables.d/*.nft" # befw-disable-next-line BEX100', parts: ['include', 'befw-disable-next-line', 'BEX100'], scopes: ['keyword.other', 'keyword.other.directive', 'constant.other.code'] },
  ].map(({ line, parts, scopes }) => ({ line, parts, scopes: suffixed(scopes) })),
];

describe('TextMate grammar of nftables rulesets', () => {
  let grammar: IGrammar;
  before(async () => {
    grammar = await loadGrammar(SCOPE, FILE);
  });

  it('highlights tables, families, chains, base-chain specs, sets, statements, addresses, ports and ranges, @set, $var, verdicts, strings and comments', () => {
    assert.deepEqual(failingCases(grammar, CASES), []);
  });

  it('needs every pattern it has: removing any one of them changes the scopes of some case', async () => {
    assert.deepEqual(await unguardedPatterns(SCOPE, FILE, CASES), []);
  });

  it('carries a port set over lines: the elements of the next line are ports', () => {
    const first = grammar.tokenizeLine('tcp dport { 6101,', INITIAL);
    const next = grammar.tokenizeLine('  10000-10010 } accept', first.ruleStack);
    const scopes = next.tokens.map((t) => t.scopes[t.scopes.length - 1]).filter((scope) => scope !== SCOPE);
    assert.deepEqual(scopes, suffixed(['constant.numeric.range', 'punctuation.section.braces.end', 'keyword.control.verdict']));
  });

  it('tokenizes adversarial lines in bounded time (no catastrophic backtracking)', () => {
    const hostile = ['1'.repeat(20_000), `ip saddr ${'1.'.repeat(10_000)}x`, `tcp dport { ${'1-'.repeat(10_000)}`, ':'.repeat(20_000), `${'f:'.repeat(10_000)}g`, `${'{ '.repeat(10_000)}`, `"${'\\"'.repeat(10_000)}`];
    for (const line of hostile) assert.equal(grammar.tokenizeLine(line, INITIAL, 1_000).stoppedEarly, false, line.slice(0, 30));
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseNftables } from '../../../server/src/engine/dialects/nftables/parse';
import type { OffsetRange } from '../../../server/src/engine/model/types';

/**
 * Output of the real nft (Debian nftables 1.0.6, see NOTES.md): ralus-host.nft with `ndmp` written
 * as 10000 was loaded into a throwaway network namespace and listed with `nft -a list ruleset`
 * and `nft -S list ruleset`. Guards the forms the real tool prints rather than what we expect:
 * quoted service names, `reject with icmp port-unreachable` without `type`, the implied
 * `meta nfproto ipv4`, and `priority 0` printed back as `priority filter`.
 */

const fixture = (name: string) => readFileSync(join(__dirname, '../../../../test/dialects/nftables', name), 'utf8');
const at = (text: string, range: OffsetRange | undefined) => (range ? text.slice(range[0], range[1]) : undefined);

describe('nftables: real nft 1.0.6 output', () => {
  it('nft -a: no problems, every rule has its handle, priority printed symbolically', () => {
    const text = fixture('real-nft-1.0.6-handles.nft');
    const doc = parseNftables(text);
    assert.deepEqual(doc.problems, []);
    const rules = doc.tables.flatMap((t) => t.chains.flatMap((c) => c.rules));
    assert.equal(rules.length, 13);
    assert.ok(rules.every((r) => r.handle !== undefined));
    const output = doc.tables[0].chains.find((c) => c.name.text === 'output')!;
    assert.deepEqual(output.hook?.priority.map((w) => at(text, w.range)), ['filter']);
    const reject = rules.find((r) => r.handle === 16)!;
    assert.deepEqual(reject.statements.map((s) => [s.kind, at(text, s.range)]), [
      ['match', 'meta nfproto ipv4'],
      ['unknown', 'limit rate 10/second'],
      ['counter', 'counter packets 0 bytes 0'],
      ['verdict', 'reject with icmp port-unreachable'],
    ]);
  });

  it('nft -S: quoted port names are service names, the range inside the quotes', () => {
    const text = fixture('real-nft-1.0.6-services.nft');
    const doc = parseNftables(text);
    assert.deepEqual(doc.problems, []);
    const names = doc.tables[0].chains.flatMap((c) => c.rules).flatMap((r) => r.statements).flatMap((s) =>
      s.kind === 'match' && s.value.kind !== 'setReference' ? (s.value.kind === 'set' ? s.value.elements.map((e) => e.value) : s.value.items) : [],
    ).filter((a) => a.kind === 'serviceName');
    assert.deepEqual(names.map((n) => at(text, n.range)), ['webmin', 'dhcpv6-client', 'ssh', 'ssh']);
    const ports = doc.tables[0].sets.find((s) => s.name.text === 'ralus_ports')!;
    assert.deepEqual(ports.elements.map((e) => [e.value.kind, at(text, e.value.range)]), [['port', '6101'], ['serviceName', 'webmin']]);
  });
});

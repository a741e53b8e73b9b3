import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import type { CheckReport } from '../../server/src/engine';
import { describeFlow } from '../../server/src/engine/flows/requiredFlows';
import { checkFiles, summary, type FileSet } from '../support/engine';

/**
 * The engine's answers against a brute-force oracle: on random small sites,
 * every packet (source, destination, protocol, port) is run through the rules
 * one by one with the firewall's semantics, and the result is compared with
 * the engine's flow evaluations and its BEX201 (can never match) and BEX202
 * (duplicate) findings. Addresses live in 10.0.0.0/27 plus one address outside,
 * so enumerating them is exact.
 */

const SEED = Number(process.env.BEFW_FC_SEED ?? 42);

// ---------------------------------------------------------------------------
// A tiny, independent model of addresses, rules and semantics.

const OUTSIDE = ip('192.0.2.1');
const UNIVERSE = [...Array.from({ length: 32 }, (_, i) => ip(`10.0.0.${i}`)), OUTSIDE];
const HOSTS = { be01: '10.0.0.1', sql01: '10.0.0.5', web01: '10.0.0.9' } as const;
type HostName = keyof typeof HOSTS;
const AGENT_RANGE = [50100, 50129] as const;

function ip(text: string): number {
  return text.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** The addresses an endpoint stands for, within the universe. */
function addresses(endpoint: string): number[] {
  if (endpoint === 'any') return UNIVERSE;
  const text = endpoint in HOSTS ? HOSTS[endpoint as HostName] : endpoint;
  const [base, bits = '32'] = text.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ip(base) / size) * size;
  return UNIVERSE.filter((a) => a >= start && a < start + size);
}

interface Rule {
  name: string;
  action: 'allow' | 'block';
  protocol: 'tcp' | 'udp' | 'any';
  from: string[];
  to: string[];
  ports: [number, number][];
  enabled: boolean;
}

interface Packet {
  src: number;
  dst: number;
  protocol: 'tcp' | 'udp';
  port: number;
}

function matches(rule: Rule, p: Packet): boolean {
  return (
    rule.enabled &&
    (rule.protocol === 'any' || rule.protocol === p.protocol) &&
    rule.from.some((e) => addresses(e).includes(p.src)) &&
    rule.to.some((e) => addresses(e).includes(p.dst)) &&
    rule.ports.some(([lo, hi]) => lo <= p.port && p.port <= hi)
  );
}

function decide(rules: readonly Rule[], evaluation: 'first-match' | 'block-wins', defaultAction: 'allow' | 'block', p: Packet): 'allow' | 'block' {
  const hits = rules.filter((r) => matches(r, p));
  if (evaluation === 'first-match') return hits[0]?.action ?? defaultAction;
  if (hits.some((r) => r.action === 'block')) return 'block';
  return hits.length > 0 ? 'allow' : defaultAction;
}

// ---------------------------------------------------------------------------
// Random sites written as the files users write.

const ENDPOINTS = ['be01', 'sql01', 'web01', 'any', '10.0.0.0/29', '10.0.0.8/30', '10.0.0.4/31', '10.0.0.5', '10.0.0.16/28'];
const PORTS: [number, number][] = [
  [10000, 10000],
  [6101, 6101],
  [50100, 50110],
  [50105, 50129],
  [9000, 11000],
  [50129, 50140],
  [50100, 50127],
  [50128, 50128],
  [6000, 50100],
  [1, 65535],
];

const ruleArb = fc.record({
  action: fc.constantFrom('allow' as const, 'block' as const),
  protocol: fc.constantFrom('tcp' as const, 'udp' as const, 'any' as const),
  from: fc.uniqueArray(fc.constantFrom(...ENDPOINTS), { minLength: 1, maxLength: 2 }),
  to: fc.uniqueArray(fc.constantFrom(...ENDPOINTS), { minLength: 1, maxLength: 2 }),
  ports: fc.uniqueArray(fc.constantFrom(...PORTS), { minLength: 1, maxLength: 2 }),
  // One rule in ten is disabled.
  disabled: fc.nat(9).map((n) => n === 0),
});

const siteArb = fc.record({
  evaluation: fc.constantFrom('first-match' as const, 'block-wins' as const),
  inbound: fc.constantFrom('allow' as const, 'block' as const),
  outbound: fc.constantFrom('allow' as const, 'block' as const),
  hostFirewall: fc.boolean(),
  rules: fc.array(ruleArb, { minLength: 0, maxLength: 7 }),
});

type Site = { evaluation: 'first-match' | 'block-wins'; inbound: 'allow' | 'block'; outbound: 'allow' | 'block'; hostFirewall: boolean; rules: Rule[] };

type RawSite = typeof siteArb extends fc.Arbitrary<infer T> ? T : never;

function toSite(raw: RawSite): Site {
  const rules = raw.rules.map((r, i) => ({ name: `rule ${i + 1}`, action: r.action, protocol: r.protocol, from: r.from, to: r.to, ports: r.ports, enabled: !r.disabled }));
  return { evaluation: raw.evaluation, inbound: raw.inbound, outbound: raw.outbound, hostFirewall: raw.hostFirewall, rules };
}

function filesOf(site: Site): FileSet {
  const firewall = site.hostFirewall ? '{ name: fw, rules: fw.fwrules.yaml, host: sql01 }' : '{ name: fw, rules: fw.fwrules.yaml, protects: [sql01, web01] }';
  const manifest = [
    'version: 1',
    'settings:',
    `  dynamicPorts: { agent: { enabled: true, range: ${AGENT_RANGE[0]}-${AGENT_RANGE[1]} } }`,
    'hosts:',
    ...Object.entries(HOSTS).map(([name, address]) => `  - { name: ${name}, role: ${name === 'be01' ? 'backup-exec-server' : 'remote-computer'}, address: ${address} }`),
    'firewalls:',
    `  - ${firewall}`,
  ];
  const portText = ([lo, hi]: [number, number]) => (lo === 1 && hi === 65535 ? 'any' : lo === hi ? String(lo) : `${lo}-${hi}`);
  const rules = site.rules.map((r) =>
    [`  - name: ${r.name}`, `    action: ${r.action}`, `    protocol: ${r.protocol}`, `    from: [${r.from.join(', ')}]`, `    to: [${r.to.join(', ')}]`, `    ports: [${r.ports.map(portText).join(', ')}]`, ...(r.enabled ? [] : ['    enabled: false'])].join('\n'),
  );
  const ruleFile = ['version: 1', `evaluation: ${site.evaluation}`, `defaults: { inbound: ${site.inbound}, outbound: ${site.outbound} }`, rules.length > 0 ? 'rules:' : 'rules: []', ...rules];
  return { 'site.bexnet.yaml': `${manifest.join('\n')}\n`, 'fw.fwrules.yaml': `${ruleFile.join('\n')}\n` };
}

const check = (site: Site): Promise<{ report: CheckReport }> => checkFiles(filesOf(site), 'site.bexnet.yaml');

// ---------------------------------------------------------------------------

describe('the engine agrees with a brute-force oracle on random small sites', () => {
  it('every required flow: the ports the engine calls allowed are exactly those every packet gets through on', async () => {
    await fc.assert(
      fc.asyncProperty(siteArb, async (raw) => {
        const site = toSite(raw);
        const { report } = await check(site);
        assert.ok(report.evaluations.length > 0, summary(report).join('\n'));
        for (const e of report.evaluations) {
          const defaultAction = e.direction === 'inbound' ? site.inbound : site.outbound;
          const src = ip(HOSTS[e.flow.from.name.value as HostName]);
          const dst = ip(HOSTS[e.flow.to.name.value as HostName]);
          const expected: number[] = [];
          for (const { from, to } of e.flow.ports.intervals) {
            for (let port = from; port <= to; port++) {
              if (decide(site.rules, site.evaluation, defaultAction, { src, dst, protocol: e.flow.protocol, port }) === 'allow') expected.push(port);
            }
          }
          const allowed = e.flow.ports.intervals.flatMap(({ from, to }) => Array.from({ length: to - from + 1 }, (_, i) => from + i)).filter((port) => e.allowed.has(port));
          assert.deepEqual(allowed, expected, `${describeFlow(e.flow)} at ${e.direction}\n${filesOf(site)['fw.fwrules.yaml']}`);
          assert.equal(e.problem === undefined, expected.length === e.flow.ports.size, describeFlow(e.flow));
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('BEX201 only where earlier rules decide every packet the rule matches; BEX202 only for the same rule twice', async () => {
    // Packets at every port that could change a decision: each interval's ends and their neighbours.
    const ports = [...new Set(PORTS.flatMap(([lo, hi]) => [lo - 1, lo, hi, hi + 1]).filter((p) => p >= 1 && p <= 65535))];
    await fc.assert(
      fc.asyncProperty(siteArb, async (raw) => {
        const site = { ...toSite(raw), evaluation: 'first-match' as const };
        const { report } = await check(site);
        const findings = [...report.diagnostics.values()].flat();
        const flagged = (code: string) => new Set(findings.filter((d) => d.code === code).map((d) => /Rule "([^"]+)"/.exec(String(d.message))?.[1]));
        const shadowed = flagged('BEX201');
        site.rules.forEach((rule, index) => {
          if (!shadowed.has(rule.name)) return;
          const earlier = site.rules.slice(0, index);
          for (const src of UNIVERSE) {
            for (const dst of UNIVERSE) {
              for (const protocol of ['tcp', 'udp'] as const) {
                for (const port of ports) {
                  const p = { src, dst, protocol, port };
                  if (matches(rule, p)) assert.ok(earlier.some((r) => matches(r, p)), `${rule.name} is called shadowed, but ${JSON.stringify(p)} reaches it\n${filesOf(site)['fw.fwrules.yaml']}`);
                }
              }
            }
          }
        });
        const signature = (r: Rule) => JSON.stringify([r.action, r.protocol, [...r.from].sort(), [...r.to].sort(), [...r.ports].sort()]);
        for (const name of flagged('BEX202')) {
          const rule = site.rules.find((r) => r.name === name)!;
          assert.ok(site.rules.some((other) => other !== rule && other.enabled && signature(other) === signature(rule)), `${name} is called a duplicate`);
        }
      }),
      { seed: SEED, numRuns: 120 },
    );
  });
});

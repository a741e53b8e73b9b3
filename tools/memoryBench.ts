import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileUri, filePath, getFirewallService } from '../server/src/engine';
import { DEFAULT_MAX_FILE_SIZE } from '../server/src/engine/service';
import { readTextFile } from '../server/src/platform/textFiles';

/**
 * node out/tools/memoryBench.js: peak memory of one check of files of the
 * shapes users have, each in a child process of its own (peak RSS from
 * process.resourceUsage().maxRSS, which the kernel keeps), next to the size
 * of the largest file checked. The goal: a peak within 10× that size.
 * MEMORY_BENCH_MB sets the size of the large cases (default 19, under the
 * 20 MB default limit); arguments pick the cases whose names contain them.
 */

const MB = 1024 * 1024;
const TARGET_MB = Number(process.env.MEMORY_BENCH_MB ?? 19);

/** Files of one case, by name; the check starts at the first. */
type Files = Record<string, string>;

const SETTINGS = 'settings:\n  dynamicPorts: { server: { enabled: true, range: 50000-50049 }, agent: { enabled: true, range: 50100-50149 } }\n  concurrentJobs: 4\n';

/** Host addresses as users write them, each its own: single addresses and subnets, IPv4 and IPv6. */
function address(i: number): string {
  switch (i % 4) {
    case 0:
      return `172.${16 + ((i >> 16) & 15)}.${(i >> 8) & 255}.${i & 255}`;
    case 1:
      return `10.${(i >> 10) & 255}.${(i >> 2) & 255}.0/24`;
    case 2:
      return `fd00::${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}`;
    default:
      return `fd01:${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}::/64`;
  }
}

/** A manifest of `size` bytes or so: two servers and remote computers, ten of them behind a network firewall. */
export function manyHosts(size: number): Files {
  const lines = ['version: 1', SETTINGS.trimEnd(), 'hosts:', '  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }', '  - { name: be02, role: backup-exec-server, address: "fd00::10" }'];
  let length = lines.join('\n').length;
  for (let i = 0; length < size; i++) {
    const line = `  - { name: agent${i}, role: remote-computer, address: "${address(i)}", features: [client-side-deduplication] }`;
    lines.push(line);
    length += line.length + 1;
  }
  lines.push('firewalls:', `  - { name: dmz, rules: dmz.fwrules.yaml, protects: [${Array.from({ length: 10 }, (_, i) => `agent${i}`).join(', ')}] }`, '');
  const rules = 'version: 1\nevaluation: first-match\ndefaults: { inbound: block, outbound: allow }\nrules:\n  - { name: BE, action: allow, protocol: tcp, from: [be01, be02], to: any, ports: [10000, 50100-50149] }\n';
  return { 'hosts.bexnet.yaml': lines.join('\n'), 'dmz.fwrules.yaml': rules };
}

/** A rule file of `count` rules from CIDRs to addresses and CIDRs, on ports and ranges, behind a small manifest. */
export function manyRules(count: number): Files {
  const manifest = `version: 1\n${SETTINGS}hosts:\n  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }\n  - { name: sql01, role: remote-computer, address: 10.0.2.20 }\nfirewalls:\n  - { name: core, rules: core.fwrules.yaml, protects: [sql01] }\n`;
  const rules = ['version: 1', 'evaluation: first-match', 'defaults: { inbound: block, outbound: allow }', 'rules:'];
  for (let i = 0; i < count; i++) {
    const from = i % 3 === 0 ? `10.${20 + (i % 200)}.${(i >> 8) & 255}.0/24` : `10.${20 + (i % 200)}.${(i >> 8) & 255}.${(i & 255) + 1}`;
    const to = i % 5 === 0 ? `fd00:${(i & 0xffff).toString(16)}::/64` : `10.30.${(i >> 8) & 255}.${(i & 255) + 1}`;
    const ports = i % 2 === 0 ? `${1024 + (i % 60000)}` : `${2000 + (i % 50000)}-${2010 + (i % 50000)}`;
    rules.push(`  - name: app-${i}\n    action: ${i % 7 === 0 ? 'block' : 'allow'}\n    protocol: tcp\n    from: [${from}]\n    to: [${to}]\n    ports: [${ports}]`);
  }
  rules.push('  - { name: BE to sql01, action: allow, protocol: tcp, from: [be01], to: [sql01], ports: [10000, 50100-50149] }', '');
  return { 'site.bexnet.yaml': manifest, 'core.fwrules.yaml': rules.join('\n') };
}

/** A small manifest padded with comment lines to `size` bytes. */
function commentPadded(size: number): Files {
  const manifest = `version: 1\n${SETTINGS}hosts:\n  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }\n  - { name: sql01, role: remote-computer, address: 10.0.2.20 }\n`;
  const line = `# ${'padding '.repeat(9)}\n`;
  return { 'padded.bexnet.yaml': manifest + line.repeat(Math.ceil((size - manifest.length) / line.length)) };
}

/** Pasted garbage: random characters, YAML's punctuation among them, named as a manifest. */
function garbage(size: number): Files {
  const characters = 'abc:-[]{}#&*!|>\'"%@`, \n\t0123456789';
  const bytes = randomBytes(size);
  let text = '';
  for (let i = 0; i < size; i += 65536) text += Array.from(bytes.subarray(i, i + 65536), (b) => characters[b % characters.length]).join('');
  return { 'garbage.bexnet.yaml': text };
}

const BASELINE = 'baseline: the engine loaded, a 1 KB manifest';

const CASES: Record<string, () => Files> = {
  [BASELINE]: () => commentPadded(1024),
  [`manifest, many hosts (${TARGET_MB} MB)`]: () => manyHosts(TARGET_MB * MB),
  'rule file, 50,000 rules (CIDRs, ranges)': () => manyRules(50_000),
  [`manifest padded with comments (${TARGET_MB} MB)`]: () => commentPadded(TARGET_MB * MB),
  [`pasted garbage as a manifest (${TARGET_MB} MB)`]: () => garbage(TARGET_MB * MB),
};

interface ChildResult {
  readonly peakMb: number;
  readonly ms: number;
  readonly diagnostics: number;
}

/** In the child: checks the first file, as the CLI does (files read from disk, no size over the default limit). */
async function checkInChild(first: string): Promise<void> {
  const service = getFirewallService({ fileSystem: { readFile: (uri, maxBytes) => readTextFile(filePath(uri), maxBytes) } });
  const started = performance.now();
  const text = await readTextFile(first, DEFAULT_MAX_FILE_SIZE);
  const report = await service.checkManifest({ uri: fileUri(first), text });
  const ms = performance.now() - started;
  const diagnostics = [...report.diagnostics.values()].reduce((n, list) => n + list.length, 0);
  const result: ChildResult = { peakMb: process.resourceUsage().maxRSS / 1024, ms, diagnostics };
  process.stdout.write(JSON.stringify(result));
}

interface CaseResult extends ChildResult {
  readonly largestMb: number;
}

function runCase(make: () => Files): CaseResult {
  const folder = mkdtempSync(join(tmpdir(), 'befw-memory-'));
  try {
    const files = make();
    for (const [file, text] of Object.entries(files)) writeFileSync(join(folder, file), text, 'latin1');
    const paths = Object.keys(files).map((file) => join(folder, file));
    const largestMb = Math.max(...paths.map((path) => statSync(path).size)) / MB;
    const output = execFileSync(process.execPath, [__filename, '--child', paths[0]], { encoding: 'utf8', maxBuffer: 16 * MB });
    return { largestMb, ...(JSON.parse(output) as ChildResult) };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function main(): void {
  console.log(`Peak memory of one check (CLI-style: files read from disk), a child process per case — node ${process.version}`);
  console.log('| case | largest file | peak RSS | peak ÷ file | (peak − baseline) ÷ file | time | diagnostics |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  const picked = process.argv.slice(2);
  const baseline = runCase(CASES[BASELINE]).peakMb;
  for (const [name, make] of Object.entries(CASES)) {
    if (picked.length > 0 && !picked.some((part) => name.includes(part))) continue;
    const { largestMb, peakMb, ms, diagnostics } = runCase(make);
    const ratio = (mb: number) => (largestMb >= 1 ? `${(mb / largestMb).toFixed(1)}×` : '—');
    console.log(`| ${name} | ${largestMb.toFixed(2)} MB | ${peakMb.toFixed(0)} MB | ${ratio(peakMb)} | ${ratio(peakMb - baseline)} | ${(ms / 1000).toFixed(1)} s | ${diagnostics} |`);
  }
}

if (require.main === module) {
  if (process.argv[2] === '--child') void checkInChild(process.argv[3]);
  else main();
}

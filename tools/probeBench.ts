import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileUri, getDefaultCatalog, getFirewallService, probePlan, type ProbeRecord, type ProbeResult } from '../server/src/engine';
import { measure, median, OURS, writeSite } from './lspBench';
import { Draw } from './seededRandom';
import { ESTATE_200, ESTATE_500, manyHosts, namedLikeUsers, type Estate } from './shapeGenerators/manyHosts';

/**
 * npm run bench:probe: `befw check` of a large site with the results of `befw probe` read back
 * (issue 19), through the bundled CLI as CI runs it; medians of PROBE_BENCH_RUNS runs (3 unless set).
 * The results are what the engine's own probe plans test from every host of the site: each
 * port of each required TCP flow, dynamic ranges sampled, hosts with a subnet address skipped as
 * the script skips them; 85% open, 10% refused, 5% timeout, drawn from a seed. Read back as:
 * - beside: today's run, one `<host>.probe.jsonl` per probing host beside the manifest (the editor's case);
 * - history: 30 daily runs of every host in one file given with --observed (a results folder kept for a month);
 * - history UTF-16: the same file as Windows PowerShell 5.1's `>>` and Out-File write it (UTF-16LE, byte-order mark, CRLF).
 * Then the editor: the language server (dist/server.js) opening a rule file and re-checking after
 * each of 10 one-digit edits, without results and with today's run beside the manifest.
 * It also times `befw probe --host be01` (the server, which probes every agent) in both dialects.
 * Sites: hosts200, the same named as sites name theirs (fully qualified host names, firewalls
 * named in Japanese: longer lines), and hosts500.
 */
const RUNS = Number(process.env.PROBE_BENCH_RUNS ?? 3);
const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const ESTATES: readonly { id: string; estate: Estate; names?: (manifest: string) => string }[] = [
  { id: 'hosts200', estate: ESTATE_200 },
  { id: 'hosts200-fqdn-ja', estate: ESTATE_200, names: namedLikeUsers },
  { id: 'hosts500', estate: ESTATE_500 },
];
const HISTORY_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** ISO time with an offset, as the probe scripts write it: the clock of a host at UTC+01:00. */
function probeTime(time: number): string {
  return new Date(time + 60 * 60 * 1000).toISOString().replace(/\.\d+Z$/, '+01:00');
}

/** The lines each host's probe run writes at `time`, by host. */
function probeRuns(manifestName: string, manifestText: string, folder: string, time: number, draw: Draw): Map<string, string[]> {
  const service = getFirewallService({ fileSystem: { readFile: () => Promise.reject(new Error('not read')) } });
  const manifest = service.parseManifest({ uri: fileUri(join(folder, manifestName)), text: manifestText });
  const catalog = getDefaultCatalog();
  const runs = new Map<string, string[]>();
  for (const host of manifest.hosts) {
    const plan = probePlan(manifest, catalog, host.name.value, { manifestName });
    const lines: string[] = [];
    for (const target of plan.targets) {
      for (const { port } of target.ports) {
        const result = draw.weighted<ProbeResult>([['open', 85], ['refused', 10], ['timeout', 5]]);
        const record: ProbeRecord = { from: plan.from, to: target.to, protocol: 'tcp', port, result, at: probeTime(time), address: target.address };
        lines.push(JSON.stringify(result === 'refused' ? { ...record, detail: 'Connection refused' } : record));
      }
    }
    if (lines.length > 0) runs.set(host.name.value, lines);
  }
  return runs;
}

/** Median wall time of `befw check` with the given arguments, and its summary line. */
function check(args: readonly string[]): { ms: number; summary: string } {
  const times: number[] = [];
  let summary = '';
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const run = spawnSync(process.execPath, [CLI, 'check', ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
    times.push(performance.now() - start);
    summary = run.stdout.trim().split('\n').pop() ?? run.stderr;
  }
  return { ms: median(times), summary };
}

async function main(): Promise<void> {
  console.log(`Probe results — node ${process.version}; befw check through dist/cli.js, medians of ${RUNS} runs`);
  console.log('| site | results read | lines | size | befw check | of which reading results | summary |');
  console.log('|---|---|---:|---:|---:|---:|---|');
  const editorRows: string[] = [];
  for (const { id, estate, names } of ESTATES) {
    const generated = manyHosts(1000, 1, estate);
    const [manifestName] = Object.keys(generated.files);
    const site = names ? { ...generated, files: { ...generated.files, [manifestName]: names(generated.files[manifestName]) } } : generated;
    const folder = writeSite(site);
    const elsewhere = mkdtempSync(join(tmpdir(), 'befw-probe-bench-'));
    try {
      const draw = new Draw(19);
      const now = Date.now();
      const today = probeRuns(manifestName, site.files[manifestName], folder, now - 2 * 60 * 60 * 1000, draw);
      const history: string[] = [];
      for (let day = HISTORY_DAYS - 1; day >= 0; day--) {
        for (const lines of probeRuns(manifestName, site.files[manifestName], folder, now - day * DAY_MS - 3 * 60 * 60 * 1000, draw).values()) history.push(...lines);
      }
      const historyText = history.join('\n') + '\n';
      writeFileSync(join(elsewhere, 'history.probe.jsonl'), historyText);
      writeFileSync(join(elsewhere, 'history-utf16.probe.jsonl'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(historyText.replace(/\n/g, '\r\n'), 'utf16le')]));

      const bare = check([folder]);
      const row = (what: string, lines: number, bytes: number, measured: { ms: number; summary: string }) =>
        console.log(`| ${id} | ${what} | ${lines.toLocaleString('en-US')} | ${(bytes / 1e6).toFixed(1)} MB | ${measured.ms.toFixed(0)} ms | ${(measured.ms - bare.ms).toFixed(0)} ms | ${measured.summary} |`);
      row('none', 0, 0, bare);
      for (const historyFile of ['history.probe.jsonl', 'history-utf16.probe.jsonl']) {
        const path = join(elsewhere, historyFile);
        const what = historyFile.includes('utf16') ? `history, UTF-16LE CRLF (--observed)` : `history, ${HISTORY_DAYS} daily runs (--observed)`;
        row(what, history.length, statSync(path).size, check([folder, '--observed', path, '--max-file-size', '512']));
      }
      let besideLines = 0;
      let besideBytes = 0;
      for (const [host, lines] of today) {
        const text = lines.join('\n') + '\n';
        writeFileSync(join(folder, `${host}.probe.jsonl`), text);
        besideLines += lines.length;
        besideBytes += Buffer.byteLength(text);
      }
      row(`beside: today's run, ${today.size} files`, besideLines, besideBytes, check([folder]));

      const results = Object.fromEntries([...today].map(([host, lines]) => [`${host}.probe.jsonl`, lines.join('\n') + '\n']));
      for (const [what, files] of [['none', site.files], [`today's run beside, ${today.size} files`, { ...site.files, ...results }]] as const) {
        const measured = await measure(OURS, { ...site, files }, 10, 300_000);
        const ms = (timing: number | string) => (typeof timing === 'number' ? `${timing.toFixed(0)} ms` : timing);
        editorRows.push(`| ${id} | ${what} | ${ms(measured.open)} | ${ms(measured.edit)} | ${measured.peakRssMb.toFixed(0)} MB |`);
      }

      for (const dialect of ['powershell', 'bash']) {
        const times: number[] = [];
        let size = 0;
        for (let i = 0; i < RUNS; i++) {
          const start = performance.now();
          const run = spawnSync(process.execPath, [CLI, 'probe', '--host', 'be01', '--dialect', dialect, join(folder, manifestName)], { encoding: 'utf8', maxBuffer: 64 << 20 });
          times.push(performance.now() - start);
          size = Buffer.byteLength(run.stdout);
        }
        console.log(`| ${id} | befw probe --host be01 --dialect ${dialect} | ${today.get('be01')?.length ?? 0} ports | ${(size / 1e3).toFixed(0)} kB script | ${median(times).toFixed(0)} ms | | |`);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
      rmSync(elsewhere, { recursive: true, force: true });
    }
  }
  console.log('\nThe editor: the language server opening a rule file of the site, and re-checking after an edit (median of 10)');
  console.log('| site | results | open | edit | peak RSS |');
  console.log('|---|---|---:|---:|---:|');
  editorRows.forEach((row) => console.log(row));
}

void main();

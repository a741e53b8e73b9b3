import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './lspBench';
import { shapeById } from './shapes';

/**
 * `befw check` on the registry shape at 50,000 rules (UTF16_BENCH_RULES to change), its .reg
 * written as UTF-8 and as regedit writes it (UTF-16LE with a byte-order mark): the decoding cost,
 * and that both read alike (the summary lines must match). Median of 3 runs each.
 */
const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const site = shapeById('registry').generate(Number(process.env.UTF16_BENCH_RULES ?? 50_000));

for (const encoding of ['UTF-8', 'UTF-16LE'] as const) {
  const folder = mkdtempSync(join(tmpdir(), 'befw-utf16-'));
  try {
    for (const [name, text] of Object.entries(site.files)) {
      const bytes = encoding === 'UTF-16LE' && name.endsWith('.reg') ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) : Buffer.from(text);
      writeFileSync(join(folder, name), bytes);
    }
    const run = () => spawnSync(process.execPath, [CLI, 'check', '--max-file-size', '64', folder], { encoding: 'utf8' });
    const times: number[] = [];
    let summary = '';
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      summary = run().stdout.trim().split('\n').pop() ?? '';
      times.push(performance.now() - start);
    }
    const megabytes = (statSync(join(folder, site.edited)).size / 1e6).toFixed(1);
    console.log(`${encoding}: ${megabytes} MB, befw check ${median(times).toFixed(0)} ms | ${summary}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

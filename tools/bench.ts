import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MAX_FILE_SIZE_MB, OURS, YAML_LANGUAGE_SERVER, measure, median, writeSite, type Measurement, type ServerUnderTest, type Timing } from './lspBench';
import { SHAPES, shapeById, type BenchSite } from './shapes';

/**
 * npm run bench: for every shape of site (tools/shapes.ts) at 1,000, 10,000
 * and 50,000 rules, both language servers over stdio (yaml-language-server on
 * YAML rule files only), and `befw check` of the site's folder.
 * BENCH_SHAPES=subnets,netsh and BENCH_SIZES=1000,10000 pick; BENCH_SERVERS=befw
 * leaves yaml-language-server out (its cells take minutes at 50,000 rules); BENCH_MAX_FILE_SIZE_MB
 * raises the 20 MB size limit (a 50,000-rule show-rule export is 35 MB); BENCH_TIMEOUT_MS
 * bounds each cell (one server on one site, or the CLI's runs): what it does
 * not reach is "cut". Ours runs every check; yaml-language-server only validates the schema.
 */
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,50000').split(',').map(Number);
const PICKED = process.env.BENCH_SHAPES ? process.env.BENCH_SHAPES.split(',').map(shapeById) : SHAPES;
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 300_000);
const WITH_YAML_LANGUAGE_SERVER = (process.env.BENCH_SERVERS ?? 'befw,yaml-language-server').split(',').includes('yaml-language-server');
const EDITS = 21;
/** yaml-language-server takes seconds per edit on large files: fewer edits there. */
const YAML_LS_EDITS = (size: number) => (size >= 50_000 ? 5 : size >= 10_000 ? 11 : EDITS);
/** `befw check` runs per site: the median of 3, one at 50,000 rules. */
const CLI_RUNS = (size: number) => (size >= 50_000 ? 1 : 3);
const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

const ms = (value: Timing) => (value === 'n/a' ? '—' : value === 'cut' ? 'cut' : value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`);
const ratio = (theirs: Timing, ours: Timing) => (typeof theirs === 'number' && typeof ours === 'number' ? `${(theirs / ours).toFixed(theirs / ours >= 10 ? 0 : 1)}×` : '—');

/** Wall time of `befw check <folder>` (it exits 1 when it finds errors: timed all the same). */
function cliCheck(site: BenchSite, runs: number): Timing {
  const folder = writeSite(site);
  try {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      const limit = MAX_FILE_SIZE_MB ? ['--max-file-size', String(MAX_FILE_SIZE_MB)] : [];
      const run = spawnSync(process.execPath, [CLI, 'check', ...limit, folder], { stdio: 'ignore', timeout: TIMEOUT_MS });
      if (run.error || run.signal) return 'cut';
      times.push(performance.now() - start);
    }
    return median(times);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function row(shape: string, size: string, name: string, m: Measurement, asked: number, check: Timing): string {
  const edits = `${m.edits}${m.edits < asked ? ` of ${asked}` : ''}`;
  return `| ${shape} | ${size} | ${name} | ${ms(m.open)} | ${ms(m.edit)} (${edits}) | ${ms(m.hover)} | ${ms(m.completion)} | ${m.peakRssMb.toFixed(0)} MB | ${ms(check)} |`;
}

async function server(shape: string, size: string, under: ServerUnderTest, site: BenchSite, edits: number, check: Timing): Promise<Measurement | undefined> {
  try {
    const measured = await measure(under, site, edits, TIMEOUT_MS);
    console.log(row(shape, size, under === OURS ? 'befw' : under.name, measured, edits, check));
    return measured;
  } catch (error) {
    console.log(`| ${shape} | ${size} | ${under.name} | ${(error as Error).message} | | | | | ${ms(check)} |`);
    return undefined;
  }
}

async function main(): Promise<void> {
  console.log(`Language servers over stdio — node ${process.version}; medians; befw with every check and no debounce (befw.diagnostics.delay 0); cells cut after ${TIMEOUT_MS / 1000} s`);
  console.log('| shape | rules | server | open → diagnostics | one-digit edit → diagnostics (edits) | hover | completion | peak RSS | befw check |');
  console.log('|---|---:|---|---:|---:|---:|---:|---:|---:|');
  for (const shape of PICKED) {
    for (const size of SIZES) {
      const label = size.toLocaleString('en-US');
      const site = shape.generate(size);
      const ours = await server(shape.id, label, OURS, site, EDITS, cliCheck(site, CLI_RUNS(size)));
      if (!site.yamlLanguageServer || !WITH_YAML_LANGUAGE_SERVER) continue;
      const theirs = await server(shape.id, label, YAML_LANGUAGE_SERVER, site, YAML_LS_EDITS(size), 'n/a');
      if (!ours || !theirs) continue;
      const keys = ['open', 'edit', 'hover', 'completion'] as const;
      console.log(`| ${shape.id} | ${label} | ratio (yaml-language-server ÷ befw) | ${keys.map((k) => ratio(theirs[k], ours[k])).join(' | ')} | ${ratio(theirs.peakRssMb, ours.peakRssMb)} | — |`);
    }
  }
}

void main();

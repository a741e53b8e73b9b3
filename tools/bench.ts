import { OURS, YAML_LANGUAGE_SERVER, measure, type Measurement } from './lspBench';

/**
 * npm run bench: both language servers over stdio, side by side, on generated
 * rule files of 1,000, 10,000 and 50,000 rules (BENCH_SIZES to change them).
 * Ours runs every check; yaml-language-server only validates the schema.
 */
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,50000').split(',').map(Number);
const EDITS = 21;
/** yaml-language-server takes seconds per edit on large files: fewer edits there. */
const YAML_LS_EDITS = (size: number) => (size >= 50_000 ? 5 : size >= 10_000 ? 11 : EDITS);
const TIMEOUT_MS = 300_000;

const ms = (value: number) => (value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`);
const ratio = (theirs: number, ours: number) => `${(theirs / ours).toFixed(theirs / ours >= 10 ? 0 : 1)}×`;

function row(size: string, name: string, m: Measurement): string {
  return `| ${size} | ${name} | ${ms(m.initialize)} | ${ms(m.open)} | ${ms(m.edit)} (${m.edits}) | ${ms(m.hover)} | ${ms(m.completion)} | ${m.peakRssMb.toFixed(0)} MB |`;
}

async function main(): Promise<void> {
  console.log(`Language servers over stdio — node ${process.version}; medians; befw with every check and no debounce (befw.diagnostics.delay 0)`);
  console.log('| rules | server | initialize | open → diagnostics | one-rule edit → diagnostics (edits) | hover | completion | peak RSS |');
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|');
  for (const size of SIZES) {
    const label = size.toLocaleString('en-US');
    const ours = await measure(OURS, size, EDITS, TIMEOUT_MS);
    console.log(row(label, 'befw', ours));
    try {
      const theirs = await measure(YAML_LANGUAGE_SERVER, size, YAML_LS_EDITS(size), TIMEOUT_MS);
      console.log(row(label, 'yaml-language-server', theirs));
      const keys = ['initialize', 'open', 'edit', 'hover', 'completion'] as const;
      console.log(`| ${label} | ratio (yaml-language-server ÷ befw) | ${keys.map((k) => ratio(theirs[k], ours[k])).join(' | ')} | ${ratio(theirs.peakRssMb, ours.peakRssMb)} |`);
    } catch (error) {
      console.log(`| ${label} | yaml-language-server | ${(error as Error).message} |||||||`);
    }
  }
}

void main();

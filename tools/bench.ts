import { performance } from 'node:perf_hooks';
import { parseDocument } from 'yaml';
import { getFirewallService } from '../server/src/engine/service';
import { generateSite } from './generateSite';

/**
 * npm run bench: times the engine on generated rule files, as the language
 * server will call it: a full check on open, then one-rule edits re-checked.
 */
const SIZES = [1_000, 10_000];
const EDITS = 21;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(ruleCount: number) {
  const site = generateSite(ruleCount);
  const files: Record<string, string> = { 'file:///bench/site.bexnet.yaml': site.manifest, 'file:///bench/core.fwrules.yaml': site.ruleFile };
  const service = getFirewallService({ fileSystem: { readFile: async (uri) => files[uri] } });
  const manifest = { uri: 'file:///bench/site.bexnet.yaml', text: site.manifest };

  let start = performance.now();
  parseDocument(site.ruleFile);
  const yamlOnly = performance.now() - start;

  start = performance.now();
  const first = await service.checkManifest(manifest);
  const fullCheck = performance.now() - start;

  const editTimes: number[] = [];
  let text = site.ruleFile;
  for (let i = 0; i < EDITS; i++) {
    const at = text.indexOf(`  - name: app-${(i * 7919) % Math.max(1, ruleCount - 100)}\n`);
    const edited = at === -1 ? text : `${text.slice(0, at)}  - name: app-edited-${i}${text.slice(at + `  - name: app-${(i * 7919) % Math.max(1, ruleCount - 100)}`.length)}`;
    text = edited;
    files['file:///bench/core.fwrules.yaml'] = text;
    start = performance.now();
    await service.checkManifest(manifest);
    editTimes.push(performance.now() - start);
  }
  const diagnostics = [...first.diagnostics.values()].reduce((n, list) => n + list.length, 0);
  return { ruleCount, bytes: site.ruleFile.length, yamlOnly, fullCheck, edit: median(editTimes), diagnostics, rss: process.memoryUsage().rss };
}

async function main() {
  console.log(`befw engine benchmark — node ${process.version}, ${EDITS} one-rule edits per size (median)`);
  console.log('| rules | file size | yaml parseDocument (whole file) | full check (cold) | one-rule edit → diagnostics | RSS after |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const size of SIZES) {
    const r = await measure(size);
    console.log(
      `| ${r.ruleCount.toLocaleString('en-US')} | ${(r.bytes / 1024 / 1024).toFixed(2)} MB | ${r.yamlOnly.toFixed(0)} ms | ${r.fullCheck.toFixed(0)} ms | ${r.edit.toFixed(1)} ms | ${(r.rss / 1024 / 1024).toFixed(0)} MB |`,
    );
  }
}

void main();

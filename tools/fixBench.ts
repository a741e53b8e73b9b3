import { performance } from 'node:perf_hooks';
import { getFirewallService, type CheckReport, type FirewallService } from '../server/src/engine';
import { SHAPES, shapeById } from './shapes';

/**
 * What Ctrl+. costs: the engine's quick fixes for a BEX100 (a rule to add) and a BEX101 (a port list to
 * widen) in each shape's rule file at FIX_BENCH_RULES rules (10,000 unless set; FIX_BENCH_SHAPES to pick).
 * The shapes' manifests are made to need them: the agent range widened to 100 ports (BEX101 on every rule
 * that opens the old one) and the NDMP port moved (BEX100). The first fix after a parse pays for what it
 * reads once per parse (a script's commands again, with their variables and blocks); the next ones reuse it.
 */
const RULES = Number(process.env.FIX_BENCH_RULES ?? 10_000);
const SHAPE_IDS = process.env.FIX_BENCH_SHAPES?.split(',') ?? SHAPES.map((shape) => shape.id);
const CODES = ['BEX100', 'BEX101'];

function memoryService(files: Readonly<Record<string, string>>): FirewallService {
  return getFirewallService({ fileSystem: { readFile: async (uri) => files[uri.slice(uri.lastIndexOf('/') + 1)] ?? Promise.reject(Object.assign(new Error(uri), { code: 'ENOENT' })) } });
}

/** Milliseconds of the first and of the next quick-fix computation of a code's first diagnostics, and how many fixes the first gave. */
function fixTimes(service: FirewallService, report: CheckReport, code: string): string {
  const diagnostics = [...report.diagnostics.values()].flat().filter((d) => d.code === code && d.data);
  if (diagnostics.length === 0) return '-';
  const times = diagnostics.slice(0, 3).map((diagnostic) => {
    const start = performance.now();
    service.getQuickFixes(report, diagnostic);
    return performance.now() - start;
  });
  return `${times[0].toFixed(0)} ms, then ${Math.max(...times.slice(1), 0).toFixed(0)} ms`;
}

(async () => {
  console.log(`| shape | rules | MB | check | ${CODES.map((code) => `${code} fix: first, then`).join(' | ')} |`);
  for (const id of SHAPE_IDS) {
    const site = shapeById(id).generate(RULES);
    const [manifest] = Object.keys(site.files);
    const files = { ...site.files, [manifest]: site.files[manifest].replace('range: 50100-50149', 'range: 50100-50199').replace('  concurrentJobs:', '  ndmpPort: 10001\n  concurrentJobs:') };
    const service = memoryService(files);
    const start = performance.now();
    const report = await service.checkManifest({ uri: `file:///bench/${manifest}`, text: files[manifest] });
    const checked = performance.now() - start;
    const megabytes = (Buffer.byteLength(files[site.edited]) / 1e6).toFixed(1);
    console.log(`| ${id} | ${RULES} | ${megabytes} | ${checked.toFixed(0)} ms | ${CODES.map((code) => fixTimes(service, report, code)).join(' | ')} |`);
  }
})();

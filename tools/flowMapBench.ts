import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildFlowMap, drawFlowMap, filePath, fileUri, getFirewallService, layoutFlowMap, renderFlowMapSvg } from '../server/src/engine';
import { readTextFile } from '../server/src/platform/textFiles';
import { median, writeSite } from './lspBench';
import { ESTATE_200, ESTATE_500, manyHosts, namedLikeUsers, type Estate } from './shapeGenerators/manyHosts';

/**
 * npm run bench:map: the flow map of a large site, step by step — the check
 * (once), buildFlowMap, layoutFlowMap, the SVG of the laid-out map (drawFlowMap)
 * and renderFlowMapSvg (layout then SVG, what the report and the editor call):
 * each the median of FLOW_MAP_BENCH_RUNS runs (5 unless set) after a warm-up.
 * Sites: 200 hosts and 10 firewalls (issue 18: under 1 s), the same named as
 * sites name them (fully qualified host names, network firewalls named in
 * Japanese: longer labels, wider boxes), and the 500-host bench shape.
 */
const RUNS = Number(process.env.FLOW_MAP_BENCH_RUNS ?? 5);
const RULES = 1000;
const ESTATES: readonly { id: string; estate: Estate; names?: (manifest: string) => string }[] = [
  { id: 'hosts200', estate: ESTATE_200 },
  { id: 'hosts200-fqdn-ja', estate: ESTATE_200, names: namedLikeUsers },
  { id: 'hosts500', estate: ESTATE_500 },
];

/** Median milliseconds of `RUNS` calls after one warm-up call, and the last result. */
function timed<T>(run: () => T): { ms: number; result: T } {
  let result = run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    result = run();
    times.push(performance.now() - start);
  }
  return { ms: median(times), result };
}

const ms = (value: number) => (value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`);

async function main(): Promise<void> {
  console.log(`Flow map — node ${process.version}; medians of ${RUNS} runs after a warm-up; ${RULES.toLocaleString('en-US')} rules over the site's files`);
  console.log('| shape | hosts | firewalls | flows (drawn) | host pairs | check | buildFlowMap | layoutFlowMap | SVG of the layout | renderFlowMapSvg | SVG size |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const { id, estate, names } of ESTATES) {
    const generated = manyHosts(RULES, 1, estate);
    const [manifestName] = Object.keys(generated.files);
    const site = names ? { ...generated, files: { ...generated.files, [manifestName]: names(generated.files[manifestName]) } } : generated;
    const folder = writeSite(site);
    try {
      const [manifest] = Object.keys(site.files);
      const service = getFirewallService({ fileSystem: { readFile: (uri, maxBytes) => readTextFile(filePath(uri), maxBytes) } });
      const start = performance.now();
      const report = await service.checkManifest({ uri: fileUri(join(folder, manifest)), text: site.files[manifest] });
      const checked = performance.now() - start;
      const built = timed(() => buildFlowMap(report, service.catalog));
      const map = built.result;
      const laidOut = timed(() => layoutFlowMap(map));
      const drawn = timed(() => drawFlowMap(map, laidOut.result));
      const rendered = timed(() => renderFlowMapSvg(map));
      const flows = map.truncated ? `${map.truncated.flows} (${map.flows.length})` : `${map.flows.length} (${map.flows.length})`;
      const megabytes = (Buffer.byteLength(rendered.result) / 1e6).toFixed(1);
      const row = [id, map.hosts.length, map.firewalls.length, flows, laidOut.result.routes.length, ms(checked), ms(built.ms), ms(laidOut.ms), ms(drawn.ms), ms(rendered.ms), `${megabytes} MB`];
      console.log(`| ${row.join(' | ')} |`);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
}

void main();

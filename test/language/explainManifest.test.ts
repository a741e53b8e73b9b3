import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { explain, explainForManifest, getDefaultCatalog } from '../../server/src/engine';
import { checkFiles, loadFiles, uriOf, type FileSet } from '../support/engine';

/**
 * Issue 17, point 4: explaining an error code with a manifest lists its
 * required flows that are blocked and could produce the code (the services
 * the catalog ties the code to, no others), each with where befw reports it.
 */
const SITE = join(__dirname, '..', '..', '..', 'examples', 'site');

async function explained(files: FileSet, term: string) {
  const { service, report } = await checkFiles(files, 'site.bexnet.yaml');
  return explainForManifest(service.catalog, term, report)!;
}

describe('explaining an error code for examples/site', () => {
  let site: FileSet;
  before(async () => {
    site = await loadFiles(SITE, ['site.bexnet.yaml', 'dmz.fwrules.yaml', 'be01.fwrules.yaml']);
  });

  it('0xE0000F02: the data connections to sql01, partly blocked at the dmz, reported as BEX101 on the rule that opens part of them', async () => {
    const result = await explained(site, '0xE0000F02');
    assert.deepEqual(result.manifest, {
      uri: uriOf('site.bexnet.yaml'),
      name: 'site.bexnet.yaml',
      flows: [
        {
          service: 'Remote Agent data connections',
          from: 'be01',
          to: 'sql01',
          ports: 'TCP 50100-50149',
          firewall: 'dmz',
          direction: 'inbound',
          status: 'partly blocked: some ports are not allowed',
          diagnostic: { code: 'BEX101', uri: uriOf('dmz.fwrules.yaml'), file: 'dmz.fwrules.yaml', line: 11 },
        },
      ],
      markdown: [
        '### In site.bexnet.yaml',
        '',
        'Its required flows that are blocked and could produce 0xE0000F02 (Remote Agent control connection (NDMP), Remote Agent data connections):',
        '',
        '- ❌ Remote Agent data connections: be01 → sql01, TCP 50100-50149, firewall "dmz" (inbound): partly blocked: some ports are not allowed; BEX101 at dmz.fwrules.yaml:11',
      ].join('\n'),
    });
    // The catalog's explanation first, the section after it.
    assert.equal(result.markdown, `${explain(getDefaultCatalog(), '0xE0000F02')!.markdown}\n\n${result.manifest!.markdown}`);
  });

  it('only the services the catalog ties to the code: a blocked Agent Browser counts for 0xE0000F25, not for 0xE0000F02', async () => {
    const files = { ...site, 'be01.fwrules.yaml': site['be01.fwrules.yaml'].replace('ports: [6101]', 'ports: [6102]') };
    const f25 = (await explained(files, '0xE0000F25')).manifest!;
    assert.deepEqual(
      f25.flows.map((f) => `${f.service} ${f.from} → ${f.to} at ${f.firewall}: ${f.diagnostic?.code} ${f.diagnostic?.file}:${f.diagnostic?.line}`),
      ['Remote Agent data connections be01 → sql01 at dmz: BEX101 dmz.fwrules.yaml:11', 'Backup Exec Agent Browser (advertising) sql01 → be01 at be01-host: BEX100 be01.fwrules.yaml:5'],
    );
    assert.deepEqual((await explained(files, '0xE0000F02')).manifest!.flows.map((f) => f.service), ['Remote Agent data connections']);
  });

  it('two flows blocked in one rule file: each with the diagnostic that reports it', async () => {
    const files = { ...site, 'dmz.fwrules.yaml': site['dmz.fwrules.yaml'].replace('ports: [10000, 50100-50120]', 'ports: [10001, 50100-50120]') };
    const flows = (await explained(files, '0xE0000F02')).manifest!.flows;
    assert.deepEqual(
      flows.map((f) => `${f.service}: ${f.status}; ${f.diagnostic?.code} ${f.diagnostic?.file}:${f.diagnostic?.line}`),
      ['Remote Agent control connection (NDMP): blocked: no rule allows it; BEX100 dmz.fwrules.yaml:5', 'Remote Agent data connections: partly blocked: some ports are not allowed; BEX101 dmz.fwrules.yaml:11'],
    );
  });

  it('none of its flows blocked: said so, with the flows it looked for', async () => {
    const files = { ...site, 'dmz.fwrules.yaml': site['dmz.fwrules.yaml'].replace('50100-50120', '50100-50149') };
    const section = (await explained(files, '0xE0000F02')).manifest!;
    assert.deepEqual(section.flows, []);
    assert.equal(section.markdown, '### In site.bexnet.yaml\n\nNone of its flows is blocked that could produce 0xE0000F02 (Remote Agent control connection (NDMP), Remote Agent data connections).');
  });

  it('a blocked flow whose diagnostic is suppressed is still listed, and says it has none shown', async () => {
    const files = { ...site, 'dmz.fwrules.yaml': site['dmz.fwrules.yaml'].replace('    ports: [10000, 50100-50120]', '    # befw-disable-next-line BEX101\n    ports: [10000, 50100-50120]') };
    const [flow] = (await explained(files, '0xE0000F02')).manifest!.flows;
    assert.equal(flow.diagnostic, undefined);
    assert.match((await explained(files, '0xE0000F02')).manifest!.markdown, /partly blocked: some ports are not allowed; no diagnostic shown \(suppressed or turned off\)$/);
  });

  it('a term that is not an error code (a BEX code, a port) gets the catalog\'s explanation alone', async () => {
    for (const term of ['BEX101', '10000']) {
      const result = await explained(site, term);
      assert.equal(result.manifest, undefined, term);
      assert.equal(result.markdown, explain(getDefaultCatalog(), term)!.markdown, term);
    }
  });
});

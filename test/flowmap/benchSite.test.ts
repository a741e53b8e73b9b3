import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildFlowMap, layoutFlowMap } from '../../server/src/engine';
import { ESTATE_200, manyHosts } from '../../tools/shapeGenerators/manyHosts';
import { checkFiles } from '../support/engine';

/**
 * The flow map bench's site (npm run bench:map) is the one issue 18 names:
 * 200 hosts and 10 firewalls, all read by the engine, so the bench times
 * the map of a site that checks, not of one the engine gave up on.
 */
it('the bench site of 200 hosts and 10 firewalls checks, and its map has them all', async () => {
  const site = manyHosts(200, 1, ESTATE_200);
  const [manifest] = Object.keys(site.files);
  const { service, report } = await checkFiles({ ...site.files }, manifest);
  const unread = [...report.diagnostics.values()].flat().filter((d) => ['BEX001', 'BEX200', 'BEX205'].includes(String(d.code)));
  assert.deepEqual(unread, []);
  const map = buildFlowMap(report, service.catalog);
  assert.equal(map.hosts.length, 200);
  assert.deepEqual(
    [map.firewalls.filter((f) => f.kind === 'network').length, map.firewalls.filter((f) => f.kind === 'host').length],
    [8, 2],
  );
  assert.equal(map.truncated, undefined);
  assert.equal(map.flows.length, 1768);
  assert.equal(layoutFlowMap(map).hosts.length, 200);
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getDefaultCatalog } from '../../server/src/engine/catalog/catalog';
import { deriveRequiredFlows } from '../../server/src/engine/flows/requiredFlows';
import { memoryService, uriOf } from '../support/engine';

/**
 * Client-side deduplication connects to the servers holding deduplication
 * storage; when the manifest marks none, befw cannot tell which, so it
 * requires the flows to every server rather than to none.
 */
const flowsOf = (serverFeatures: string) => {
  const text = `version: 1
hosts:
  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }
  - { name: be02, role: backup-exec-server, address: 10.0.1.11${serverFeatures} }
  - { name: sql01, role: remote-computer, address: 10.0.2.20, features: [client-side-deduplication] }
`;
  const manifest = memoryService({}).parseManifest({ uri: uriOf('site.bexnet.yaml'), text });
  assert.deepStrictEqual(manifest.problems, []);
  return deriveRequiredFlows(manifest, getDefaultCatalog())
    .filter((f) => f.service.id.startsWith('dedup-'))
    .map((f) => `${f.from.name.value}->${f.to.name.value} ${f.ports}`);
};

describe('required flows of client-side deduplication', () => {
  it('no server marked with deduplication storage: to every server', () => {
    assert.deepStrictEqual(flowsOf(''), ['sql01->be01 10082', 'sql01->be02 10082', 'sql01->be01 10102', 'sql01->be02 10102']);
  });

  it('be02 marked: to be02 only', () => {
    assert.deepStrictEqual(flowsOf(', features: [deduplication-storage]'), ['sql01->be02 10082', 'sql01->be02 10102']);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getDefaultCatalog } from '../../server/src/engine/catalog/catalog';
import { deriveRequiredFlows } from '../../server/src/engine/flows/requiredFlows';
import { memoryService, uriOf } from '../support/engine';

/** Manifest values the schema accepts are read as it accepts them. */
const parse = (text: string) => memoryService({}).parseManifest({ uri: uriOf('site.bexnet.yaml'), text });
const HOSTS = 'hosts:\n  - { name: be01, role: backup-exec-server, address: 10.0.1.10, features: [m365] }\n  - { name: sql01, role: remote-computer, address: 10.0.2.20 }\n';

describe('manifest parser guards', () => {
  it('"Any" as an address, in any case, is any: no problem, and the Microsoft 365 flows lead to it', () => {
    const manifest = parse(`version: 1\n${HOSTS}  - { name: m365, role: m365-endpoints, address: Any }\n`);
    assert.deepStrictEqual(manifest.problems, []);
    const flows = deriveRequiredFlows(manifest, getDefaultCatalog()).filter((f) => f.to.name.value === 'm365');
    assert.deepStrictEqual(flows.map((f) => `${f.from.name.value} ${f.ports}`), ['be01 80, 443']);
  });

  it('a range written with blanks around the dash ("50100 - 50149", as the schema allows) is that range, and the data flows use it', () => {
    const manifest = parse(`version: 1\nsettings:\n  dynamicPorts: { agent: { enabled: true, range: 50100 - 50149 } }\n${HOSTS}`);
    assert.deepStrictEqual(manifest.problems, []);
    assert.deepStrictEqual(manifest.settings.agentRange?.interval, { from: 50100, to: 50149 });
    const data = deriveRequiredFlows(manifest, getDefaultCatalog()).find((f) => f.service.id === 'remote-agent-data');
    assert.equal(String(data?.ports), '50100-50149');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EndpointResolver } from '../../server/src/engine/model/endpoints';
import { theDiagnostic } from '../support/checkFixtures';
import { checkFiles, memoryService, summary, uriOf } from '../support/engine';

/** Rule endpoints against manifest hosts. */
const MANIFEST = `version: 1
hosts:
  - { name: be01, role: backup-exec-server, address: 10.0.1.10, features: [m365] }
  - { name: m365-eu, role: m365-endpoints, address: any }
  - { name: m365-us, role: m365-endpoints, address: any }
firewalls:
  - { name: edge, rules: edge.fwrules.yaml, protects: [be01] }
`;

const rules = (to: string) =>
  `version: 1\nevaluation: first-match\ndefaults: { inbound: block, outbound: block }\nrules:\n  - { name: Microsoft 365, action: allow, protocol: tcp, from: [be01], to: ${to}, ports: [80, 443] }\n`;

describe('endpoint guards', () => {
  it('a rule naming one of two hosts whose address is "any" lets the flows to that host through, not to the other', async () => {
    const files = { 'site.bexnet.yaml': MANIFEST, 'edge.fwrules.yaml': rules('[m365-eu]') };
    const { report } = await checkFiles(files, 'site.bexnet.yaml');
    const missing = theDiagnostic(report, 'edge.fwrules.yaml', 'BEX100');
    assert.ok(String(missing.message).startsWith('Microsoft 365 (Exchange Online) (TCP 80, 443) from be01 (10.0.1.10) to m365-us does not get through'), String(missing.message));
    const manifest = memoryService({}).parseManifest({ uri: uriOf('site.bexnet.yaml'), text: MANIFEST });
    const [, eu, us] = manifest.hosts;
    const resolver = new EndpointResolver(manifest);
    const matches = (text: string, host: (typeof manifest.hosts)[number]) => resolver.matches(resolver.resolve(text), host);
    assert.deepStrictEqual([matches('m365-eu', eu), matches('m365-eu', us), matches('any', us)], [true, false, true]);
  });

  it('"Any" in a rule, in any case, is any address: no BEX205, and the flows it covers get through', async () => {
    const { report } = await checkFiles({ 'site.bexnet.yaml': MANIFEST, 'edge.fwrules.yaml': rules('[Any]') }, 'site.bexnet.yaml');
    assert.deepStrictEqual(summary(report), []);
  });
});

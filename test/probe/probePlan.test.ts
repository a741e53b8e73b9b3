import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { getDefaultCatalog, getFirewallService, loadCatalog, type ManifestModel } from '../../server/src/engine';
import { listenPlan, probePlan, samplePorts, singleAddress } from '../../server/src/engine/probe/probePlan';
import { PortSet } from '../../server/src/engine/util/portSet';
import { repoRoot } from '../support/cli';

const service = getFirewallService({ fileSystem: { readFile: () => Promise.reject(new Error('not read')) } });
export const manifestOf = (text: string): ManifestModel => {
  const manifest = service.parseManifest({ uri: 'file:///site/site.bexnet.yaml', text });
  assert.deepEqual(manifest.problems, []);
  return manifest;
};
const site = manifestOf(readFileSync(join(repoRoot, 'examples', 'site', 'site.bexnet.yaml'), 'utf8'));
const catalog = getDefaultCatalog();
const options = { manifestName: 'site.bexnet.yaml' };
const DATA = 'Remote Agent data connections';
const samples = (ports: number[], service: string, sampleOf: string) => ports.map((port) => ({ port, services: [service], sampleOf }));

describe('samplePorts', () => {
  it('takes every port of a fixed set', () => {
    assert.deepEqual(samplePorts(PortSet.ports([10000])), [10000]);
    assert.deepEqual(samplePorts(PortSet.ports([443, 80])), [80, 443]);
  });

  it('takes the first, the last and three evenly inside of a range, per range', () => {
    assert.deepEqual(samplePorts(PortSet.range(50100, 50149)), [50100, 50112, 50125, 50137, 50149]);
    assert.deepEqual(samplePorts(PortSet.range(1025, 65535)), [1025, 17153, 33280, 49408, 65535]);
    assert.deepEqual(samplePorts(PortSet.of([{ from: 50000, to: 50049 }, { from: 60000, to: 60009 }])), [50000, 50012, 50025, 50037, 50049, 60000, 60002, 60005, 60007, 60009]);
  });

  it('takes fewer of a small range, never one twice', () => {
    assert.deepEqual(samplePorts(PortSet.range(50100, 50101)), [50100, 50101]);
    assert.deepEqual(samplePorts(PortSet.range(50100, 50104)), [50100, 50101, 50102, 50103, 50104]);
    assert.deepEqual(samplePorts(PortSet.range(50100, 50105)), [50100, 50101, 50103, 50104, 50105]);
    assert.deepEqual(samplePorts(PortSet.EMPTY), []);
  });
});

describe('the probe plan of examples/site', () => {
  it('be01 tests sql01: the control port and samples of the agent range; m365 (any) is skipped with what to do', () => {
    const plan = probePlan(site, catalog, 'be01', options);
    assert.deepEqual(plan, {
      from: 'be01',
      manifestName: 'site.bexnet.yaml',
      targets: [
        {
          to: 'sql01',
          address: '10.0.2.20',
          ports: [{ port: 10000, services: ['Remote Agent control connection (NDMP)'] }, ...samples([50100, 50112, 50125, 50137, 50149], DATA, '50100-50149')],
        },
      ],
      skipped: [{ to: 'm365', what: 'Microsoft 365 (Exchange Online) (TCP 80, 443)', reason: 'its address is any: give one with --address m365=<address>' }],
      timeoutSeconds: 3,
      resultsFile: 'be01.probe.jsonl',
    });
  });

  it('sql01 tests be01: its fixed ports and samples of the server range', () => {
    const plan = probePlan(site, catalog, 'sql01', options);
    assert.deepEqual(plan.targets, [
      {
        to: 'be01',
        address: '10.0.1.10',
        ports: [
          { port: 5633, services: ['Backup Exec Job Engine (Agent for Oracle)'] },
          { port: 6101, services: ['Backup Exec Agent Browser (advertising)'] },
          { port: 10082, services: ['Deduplication Engine (spoold)'] },
          { port: 10102, services: ['Deduplication Manager (spad)'] },
          ...samples([50000, 50012, 50025, 50037, 50049], 'Backup Exec server dynamic port range', '50000-50049'),
        ],
      },
    ]);
    assert.deepEqual(plan.skipped, []);
  });

  it('admin01 tests nothing: the console needs predefined Windows rules, not ports', () => {
    const plan = probePlan(site, catalog, 'admin01', options);
    assert.deepEqual(plan.targets, []);
    assert.deepEqual(plan.skipped, [
      {
        to: 'be01',
        what: 'Remote Administration Console management (predefined Windows rules)',
        reason:
          'it needs the predefined Windows rules "Remote Service Management (RPC-EPMAP)" and "Windows Management Instrumentation (WMI-In)" rather than ports: a connect cannot test them; see that they are enabled on be01',
      },
    ]);
  });

  it('a host that is no source, or no host at all, tests nothing', () => {
    assert.deepEqual(probePlan(site, catalog, 'm365', options).targets, []);
    assert.deepEqual(probePlan(site, catalog, 'nobody', options), { ...probePlan(site, catalog, 'nobody', options), targets: [], skipped: [] });
  });
});

describe('addresses', () => {
  const manifest = manifestOf(
    [
      'version: 1',
      'hosts:',
      '  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }',
      '  - { name: one32, role: remote-computer, address: 10.0.2.20/32 }',
      '  - { name: v6, role: remote-computer, address: "2001:db8::20" }',
      '  - { name: one128, role: remote-computer, address: "2001:db8::21/128" }',
      '  - { name: subnet, role: remote-computer, address: 10.0.3.0/24 }',
      '  - { name: subnet6, role: remote-computer, address: "2001:db8:1::/64" }',
      '  - { name: anywhere, role: remote-computer, address: any }',
      '',
    ].join('\n'),
  );
  const targetsOf = (plan: ReturnType<typeof probePlan>) => plan.targets.map((target) => [target.to, target.address]);

  it('a /32 or /128 is one address; IPv6 as written; a subnet or any is skipped with the --address to give', () => {
    const plan = probePlan(manifest, catalog, 'be01', options);
    assert.deepEqual(targetsOf(plan), [
      ['one32', '10.0.2.20'],
      ['v6', '2001:db8::20'],
      ['one128', '2001:db8::21'],
    ]);
    assert.deepEqual(
      [...new Set(plan.skipped.map((skip) => `${skip.to}: ${skip.reason}`))],
      [
        'subnet: its address is the subnet 10.0.3.0/24: give one with --address subnet=<address>',
        'subnet6: its address is the subnet 2001:db8:1::/64: give one with --address subnet6=<address>',
        'anywhere: its address is any: give one with --address anywhere=<address>',
      ],
    );
    // The agent range is not configured: data flows use the dynamic ports, 1025-65535.
    assert.deepEqual(
      plan.skipped.filter((skip) => skip.to === 'subnet').map((skip) => skip.what),
      ['Remote Agent control connection (NDMP) (TCP 10000)', 'Remote Agent data connections (TCP 1025-65535)'],
    );
  });

  it('--address wins over the manifest for the host it names', () => {
    const addresses = new Map([
      ['subnet', '10.0.3.7'],
      ['anywhere', 'fs01.example.com'],
      ['one32', '2001:db8::99'],
    ]);
    const plan = probePlan(manifest, catalog, 'be01', { ...options, addresses });
    assert.deepEqual(targetsOf(plan), [
      ['one32', '2001:db8::99'],
      ['v6', '2001:db8::20'],
      ['one128', '2001:db8::21'],
      ['subnet', '10.0.3.7'],
      ['anywhere', 'fs01.example.com'],
    ]);
    assert.deepEqual([...new Set(plan.skipped.map((skip) => skip.to))], ['subnet6']);
  });

  it('singleAddress: one address or a DNS name, nothing wider', () => {
    for (const [text, address] of [
      ['10.0.0.5', '10.0.0.5'],
      [' 10.0.0.5/32 ', '10.0.0.5'],
      ['10.0.0.5/255.255.255.255', '10.0.0.5'],
      ['10.0.0.5-10.0.0.5', '10.0.0.5'],
      ['fe80::1', 'fe80::1'],
      ['::1/128', '::1'],
      ['fs01.example.com', 'fs01.example.com'],
      ['10.0.0.0/24', undefined],
      ['10.0.0.1-10.0.0.2', undefined],
      ['any', undefined],
      ['10.0.0.300', undefined],
      ['', undefined],
      ['fs01;rm -rf /', undefined],
      ['-x.example', undefined],
    ] as const) {
      assert.equal(singleAddress(text), address, text);
    }
  });
});

describe('a UDP flow', () => {
  it('is skipped: a connect cannot test it', () => {
    const data = structuredClone(catalog.data) as unknown as { services: { id: string; protocol: string }[] };
    data.services.find((s) => s.id === 'agent-browser')!.protocol = 'udp';
    const plan = probePlan(site, loadCatalog(data), 'sql01', options);
    assert.deepEqual(plan.skipped, [{ to: 'be01', what: 'Backup Exec Agent Browser (advertising) (UDP 6101)', reason: 'an unanswered UDP datagram says nothing: a connect can test TCP only' }]);
    assert.ok(!plan.targets[0].ports.some((port) => port.port === 6101));
  });
});

describe('the listen plan', () => {
  it('opens on a destination the very samples its sources probe, with the hosts that connect; not the fixed ports', () => {
    for (const [host, source] of [
      ['sql01', 'be01'],
      ['be01', 'sql01'],
    ]) {
      const listen = listenPlan(site, catalog, host, options);
      const probed = probePlan(site, catalog, source, options).targets.find((target) => target.to === host)!;
      const sampled = probed.ports.filter((port) => port.sampleOf);
      assert.deepEqual(
        listen.ports,
        sampled.map((port) => ({ ...port, from: [source] })),
        host,
      );
      assert.equal(listen.minutes, 10);
      assert.equal(listen.host, host);
    }
    assert.deepEqual(
      listenPlan(site, catalog, 'sql01', options).ports.map((p) => p.port),
      [50100, 50112, 50125, 50137, 50149],
    );
    assert.deepEqual(listenPlan(site, catalog, 'admin01', { ...options, minutes: 3 }), { host: 'admin01', manifestName: 'site.bexnet.yaml', ports: [], minutes: 3 });
  });
});

describe('the listen plan of a range that holds a fixed port', () => {
  it('leaves out the fixed port: Backup Exec listens there itself; the probe still tests it', () => {
    const manifest = manifestOf(
      [
        'version: 1',
        'settings:',
        '  ndmpPort: 10000',
        '  dynamicPorts: { agent: { enabled: true, range: 9990-10010 } }',
        'hosts:',
        '  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }',
        '  - { name: sql01, role: remote-computer, address: 10.0.2.20 }',
        '',
      ].join('\n'),
    );
    assert.deepEqual(listenPlan(manifest, catalog, 'sql01', options).ports, [
      { port: 9990, services: [DATA], sampleOf: '9990-10010', from: ['be01'] },
      { port: 9995, services: [DATA], sampleOf: '9990-10010', from: ['be01'] },
      { port: 10005, services: [DATA], sampleOf: '9990-10010', from: ['be01'] },
      { port: 10010, services: [DATA], sampleOf: '9990-10010', from: ['be01'] },
    ]);
    const probed = probePlan(manifest, catalog, 'be01', options).targets[0].ports.map((p) => p.port);
    assert.deepEqual(probed, [9990, 9995, 10000, 10005, 10010]);
  });
});

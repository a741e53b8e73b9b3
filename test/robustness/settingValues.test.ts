import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckReport } from '../../server/src/engine/service';
import { range, textAt } from '../support/checkFixtures';
import { checkFiles, summary } from '../support/engine';

/**
 * An invalid setting gives one BEX001 that quotes what was written, and
 * nothing is built on it: no flow uses it and no other message prints it.
 */

const site = (ndmpPort: string, concurrentJobs: string) => `version: 1
settings:
  ndmpPort: ${ndmpPort}
  concurrentJobs: ${concurrentJobs}
  dynamicPorts: { server: { enabled: true, range: 50000-50049 }, agent: { enabled: true, range: 50100-50149 } }
hosts:
  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }
  - { name: sql01, role: remote-computer, address: 10.0.2.20 }
firewalls:
  - { name: dmz, rules: dmz.fwrules.yaml, protects: [sql01] }
`;

const RULES = 'version: 1\nevaluation: first-match\ndefaults: { inbound: block, outbound: allow }\nrules: []\n';

async function checkSite(ndmpPort: string, concurrentJobs: string) {
  const files = { 'site.bexnet.yaml': site(ndmpPort, concurrentJobs), 'dmz.fwrules.yaml': RULES };
  const { report } = await checkFiles(files, 'site.bexnet.yaml');
  return { files, report };
}

const messages = (report: CheckReport) => [...report.diagnostics.values()].flat().map((d) => String(d.message));
const services = (report: CheckReport) => [...new Set(report.evaluations.map((e) => e.flow.service.id))].sort();

/** Words a program prints for numbers that no person wrote. */
const PROGRAM_WORDS = /\b(Infinity|NaN|null|undefined)\b|e\+\d/;

const BAD_PORTS = ['.inf', '-.inf', '.nan', '0', '65536', '10000.5', '1e26', '-1', 'ten'];
const BAD_JOBS = ['.inf', '.nan', '0', '2.5', '-3', '1e400'];

describe('invalid settings: one BEX001 each, nothing built on them', () => {
  for (const written of BAD_PORTS) {
    it(`ndmpPort: ${written}`, async () => {
      const { files, report } = await checkSite(written, '4');
      const bex001 = [...report.diagnostics.values()].flat().filter((d) => d.code === 'BEX001');
      assert.equal(bex001.length, 1, summary(report).join(', '));
      assert.deepStrictEqual(bex001[0].range, range(2, 12, 2, 12 + written.length));
      assert.equal(textAt(files, 'site.bexnet.yaml', bex001[0].range), written);
      assert.equal(bex001[0].message, `settings.ndmpPort: expected a whole number from 1 to 65535; found ${/^[a-z]/.test(written) ? `text "${written}"` : written}`);
      // The control connection needs the port: without a valid one there is no such flow, and no other finding.
      assert.deepStrictEqual(services(report), ['agent-browser', 'remote-agent-data', 'server-dynamic-range']);
      assert.ok(messages(report).every((m) => !PROGRAM_WORDS.test(m) && !m.includes(`TCP ${written}`)), messages(report).join('\n'));
    });
  }

  for (const written of BAD_JOBS) {
    it(`concurrentJobs: ${written}`, async () => {
      const { files, report } = await checkSite('10000', written);
      const bex001 = [...report.diagnostics.values()].flat().filter((d) => d.code === 'BEX001');
      assert.equal(bex001.length, 1, summary(report).join(', '));
      assert.equal(textAt(files, 'site.bexnet.yaml', bex001[0].range), written);
      assert.deepStrictEqual(bex001[0].range, range(3, 18, 3, 18 + written.length));
      assert.equal(bex001[0].message, `settings.concurrentJobs: expected a whole number, at least 1; found ${written}`);
      // BEX012 compares the ranges with the jobs: not with a value that is none.
      assert.ok(!summary(report).some((s) => / BEX012$/.test(s)), summary(report).join(', '));
      assert.ok(messages(report).every((m) => !PROGRAM_WORDS.test(m)), messages(report).join('\n'));
    });
  }

  it('valid values are used: ndmpPort 10001 is the control flow port, 30 jobs make 50-port ranges too small', async () => {
    const { report } = await checkSite('10001', '30');
    assert.deepStrictEqual(summary(report).filter((s) => !/ BEX100$/.test(s)), ['site.bexnet.yaml:5 BEX012', 'site.bexnet.yaml:5 BEX012']);
    assert.ok(report.evaluations.some((e) => e.flow.service.id === 'remote-agent-control' && e.flow.ports.toString() === '10001'));
  });
});

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { doHover, type CheckReport, type FirewallService } from '../../server/src/engine';
import { checkFiles } from '../support/engine';
import { hoverInRuleFile } from '../support/hover';

const MANIFEST = `version: 1
settings:
  dynamicPorts: { server: { enabled: true, range: 50000-50049 }, agent: { enabled: true, range: 50100-50149 } }
hosts:
  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }
  - { name: fs01, role: remote-computer, address: 10.0.2.20 }
firewalls:
  - { name: dmz, rules: dmz.fwrules.yaml, protects: [fs01] }
`;

const RULES = `version: 1
rules:
  - { name: agent, action: allow, protocol: tcp, from: [be01], to: [fs01], ports: [10000, 50100-50149] }
`;

const FILES = { 'site.bexnet.yaml': MANIFEST, 'dmz.fwrules.yaml': RULES };

const LINES = [
  '{"from":"be01","to":"fs01","protocol":"tcp","port":10000,"result":"refused","at":"2026-11-24T10:12:00+01:00","detail":"Connection refused"}',
  '{"from":"be01","to":"fs01","protocol":"tcp","port":50100,"result":"timeout","at":"2026-11-24T10:12:00+01:00"}',
  '{"from":"be01","to":"fs01","protocol":"tcp","port":10000,"result":"open","at":"2026-11-30T10:12:00Z"}',
  '{"from":"be01","to":"fs01","port":10000,"result":"open","at":"not a time"',
];
// CRLF, a lone CR and LF between lines: each line is read as parseObservations reads it.
const RESULTS = `${LINES[0]}\r\n${LINES[1]}\r${LINES[2]}\n${LINES[3]}`;

/** 2026-11-27 09:12 UTC: exactly 3 days after the first two lines, 1 hour before the third. */
const NOW = Date.parse('2026-11-27T09:12:00Z');

describe('hover in probe results (engine)', () => {
  let service: FirewallService;
  let report: CheckReport;
  before(async () => ({ service, report } = await checkFiles(FILES, 'site.bexnet.yaml')));

  /** The hover on the `nth` occurrence of `needle`; its range must cover `needle` exactly. */
  const hoverOn = (needle: string, nth = 0, options: { maxAgeDays?: number; withReport?: boolean; text?: string } = {}) => {
    const text = options.text ?? RESULTS;
    let offset = -1;
    for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
    assert.ok(offset >= 0, `"${needle}" #${nth}`);
    const result = doHover({ catalog: service.catalog, report: options.withReport === false ? undefined : report, file: { kind: 'observations', text, now: NOW, maxAgeDays: options.maxAgeDays }, offset: offset + 1 });
    if (result) assert.equal(text.slice(result.range[0], result.range[1]), needle);
    return result?.markdown;
  };

  it('refused: reached the host, nothing listens, and not proof that no firewall is in the way; the system\'s own word follows', () => {
    assert.equal(
      hoverOn('refused'),
      '**refused**: the host answered with a reset: the network let the connection through as far as the host, and nothing listens on the port (the service is not running, or no job uses this dynamic port now). Some firewalls reject with a reset too, so this does not prove that no firewall is in the way.\n\nThe probing host said: Connection refused',
    );
  });

  it('timeout: not reached, dropped on the way or an ICMP unreachable, which `detail` tells apart; open: through and listening', () => {
    assert.equal(
      hoverOn('timeout'),
      '**timeout**: no answer in time: the connection did not reach the host. A firewall on the way dropped it, or answered with an ICMP unreachable (`detail` then says which), or the host is down.',
    );
    assert.equal(hoverOn('open'), '**open**: the connection was made: the network lets this port through, and something listens on it.');
  });

  it('a port says what the hover of the same port in a rule file says; a sample of the agent range is its data connections', async () => {
    const inRuleFile = (await hoverInRuleFile(FILES, 'site.bexnet.yaml', 'dmz.fwrules.yaml', '10000')).split('\n\n---\n\n')[0];
    assert.equal(hoverOn('10000'), inRuleFile);
    assert.match(inRuleFile, /^\*\*TCP 10000\*\*\n\n\*\*Remote Agent control connection \(NDMP\)\*\*/);
    assert.match(hoverOn('50100')!, /^\*\*TCP 50100\*\*\n\n\*\*Remote Agent data connections\*\*/);
    // Without the manifest's ranges 50100 is just a dynamic port.
    assert.match(hoverOn('50100', 0, { withReport: false })!, /^\*\*TCP 50100\*\*\n\nPort 50100 lies in the dynamic \(private\) port range 1025-65535/);
  });

  it('at: when, how long ago, and how long it still counts under the age setting', () => {
    assert.equal(
      hoverOn('2026-11-24T10:12:00+01:00'),
      "**Observed 2026-11-24 10:12** (the probing host's clock), 3 day(s) ago.\n\nObservations older than 30 day(s) (setting befw.probe.maxAgeDays) are stale: reported as BEX302 and not compared with the rule files. This one counts for 27 day(s) more.",
    );
    assert.equal(
      hoverOn('2026-11-24T10:12:00+01:00', 0, { maxAgeDays: 2 }),
      "**Observed 2026-11-24 10:12** (the probing host's clock), 3 day(s) ago.\n\nObservations older than 2 day(s) (setting befw.probe.maxAgeDays) are stale: reported as BEX302 and not compared with the rule files. This one is stale: run the probe again to see the network as it is now.",
    );
    assert.equal(
      hoverOn('2026-11-24T10:12:00+01:00', 0, { maxAgeDays: 3 }),
      "**Observed 2026-11-24 10:12** (the probing host's clock), 3 day(s) ago.\n\nObservations older than 3 day(s) (setting befw.probe.maxAgeDays) are stale: reported as BEX302 and not compared with the rule files. This one counts for 0 minute(s) more.",
    );
  });

  it('at: a time ahead of this computer\'s clock says so: within a day it counts, past a day it decides nothing', () => {
    assert.equal(
      hoverOn('2026-11-30T10:12:00Z'),
      "**Observed 2026-11-30 10:12** (the probing host's clock): 3 day(s) ahead of this computer's clock. The probing host's clock was wrong, or the line was edited: it decides nothing (BEX302). Set that clock right and run the probe again.",
    );
    assert.equal(hoverOn('2026-11-27T10:12:00Z', 0, { text: '{"at":"2026-11-27T10:12:00Z"}' })?.split('\n')[0], "**Observed 2026-11-27 10:12** (the probing host's clock): 60 minute(s) ahead of this computer's clock, within the day a clock or time zone may be off: it counts as current.");
    assert.match(hoverOn('2026-11-28T09:11:00Z', 0, { text: '{"at":"2026-11-28T09:11:00Z"}' })!.split('\n')[0], /: 23 hour\(s\) ahead of this computer's clock, within the day/);
    assert.match(hoverOn('2026-11-28T09:13:00Z', 0, { text: '{"at":"2026-11-28T09:13:00Z"}' })!.split('\n')[0], /: 24 hour\(s\) ahead of this computer's clock\. The probing host's clock was wrong/);
  });

  it('nothing on keys, other values, a line that is not JSON, or a result that is no result', () => {
    assert.equal(hoverOn('"result"'), undefined);
    assert.equal(hoverOn('"be01"'), undefined);
    assert.equal(hoverOn('"not a time"'), undefined, 'the line is cut off: not JSON');
    assert.equal(hoverOn('"closed"', 0, { text: '{"result":"closed","port":0}' }), undefined);
    assert.equal(hoverOn('0', 0, { text: '{"result":"closed","port":0}' }), undefined);
  });
});

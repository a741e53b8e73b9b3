import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { docsUrl, renderReportMarkdown } from '../../server/src/engine';
import { relativePath, reportMap } from './reportMaps';
import { sampleMap } from './sampleMaps';

const markdownOf = (...maps: Parameters<typeof renderReportMarkdown>[0]) => renderReportMarkdown(maps, { relativePath });

/** A table row's cells, split where Markdown splits them: at pipes not escaped. */
const cellsOf = (line: string) => line.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim());

const HOSTILE = '\\<img src=x onerror=alert(1)\\>';
const RULE = 'BE \\`to\\`\\\\u000aagents (site/dmz.fwrules.yaml:5:5)';
const UNREAD = 'not checked: rule file be01.fwrules.yaml is missing';
const link = (code: string) => `[\`${code}\`](${docsUrl(code)})`;

describe('renderReportMarkdown', () => {
  it('heads each manifest with its path and the counts', () => {
    const lines = markdownOf(reportMap()).split('\n');
    assert.deepEqual(lines.slice(0, 3), ['### `site/site.bexnet.yaml`', '', '5 required flows: 1 allowed, 1 partly allowed, 1 blocked, 2 unknown.']);
  });

  it('has one table row per flow per firewall it crosses, the state in a glyph and a word; names escaped so no cell breaks', () => {
    const rows = markdownOf(reportMap())
      .split('\n')
      .filter((line) => line.startsWith('|'));
    assert.deepEqual(rows.map(cellsOf), [
      ['Flow (service)', 'From → To', 'Ports', 'Firewall (direction)', 'State', 'Allowed by / Reported by'],
      ['---', '---', '---', '---', '---', '---'],
      ['Remote Agent control connection (NDMP)', `be01 → ${HOSTILE}`, 'TCP 10000', 'be01-host (outbound)', '? unknown', UNREAD],
      ['Remote Agent control connection (NDMP)', `be01 → ${HOSTILE}`, 'TCP 10000', 'dmz (inbound)', '✓ allowed', RULE],
      ['Remote Agent data connections', 'be01 → db\\|02', 'TCP 50100-50149', 'be01-host (outbound)', '? unknown', UNREAD],
      ['Remote Agent data connections', 'be01 → db\\|02', 'TCP 50100-50149', 'dmz (inbound)', '◐ partly allowed', `${RULE}<br>${link('BEX101')} (site/dmz.fwrules.yaml:11:12)`],
      ['Backup Exec Job Engine (Agent for Oracle)', 'db\\|02 → be01', 'TCP 5633', 'dmz (outbound)', '✕ blocked', `${link('BEX104')} (site/dmz.fwrules.yaml:3:1)`],
      ['Backup Exec Job Engine (Agent for Oracle)', 'db\\|02 → be01', 'TCP 5633', 'be01-host (inbound)', '? unknown', UNREAD],
      ['Backup Exec Agent Browser (advertising)', `${HOSTILE} → be01`, 'TCP 6101', 'dmz (outbound)', '✓ allowed', 'allowed by the outbound default'],
      ['Backup Exec Agent Browser (advertising)', `${HOSTILE} → be01`, 'TCP 6101', 'be01-host (inbound)', '? unknown', UNREAD],
      ['Deduplication Manager (spad)', `${HOSTILE} → db\\|02`, 'TCP 10102', 'no firewall between them', '✓ allowed', '—'],
    ]);
  });

  it('lists the findings: path:line:col, the code (linked when it is befw\'s), severity and message, escaped', () => {
    const text = markdownOf(reportMap());
    const findings = text.slice(text.indexOf('**Findings**')).trimEnd().split('\n');
    assert.deepEqual(findings, [
      '**Findings**',
      '',
      '- `site/site.bexnet.yaml:1:1` `yaml-lint` information: Not one of ours.',
      `- \`site/site.bexnet.yaml:7:5\` ${link('BEX020')} warning: Host "${HOSTILE}": the range starts at 1024.`,
      `- \`site/dmz.fwrules.yaml:3:1\` ${link('BEX104')} error: TCP 5633 is dropped by block rule "\\<script\\>alert(1)\\</script\\>".`,
      `- \`site/dmz.fwrules.yaml:11:12\` ${link('BEX101')} error: Remote Agent data connections (TCP 50100-50149) from be01 to db\\|02 does not get through firewall "dmz" (inbound): rule "${RULE.replace(' (site/dmz.fwrules.yaml:5:5)', '')}" opens 50100-50120.`,
    ]);
  });

  it('quotes a path holding backticks or a line break in a code span that still holds', () => {
    const heading = (manifestUri: string) => renderReportMarkdown([{ ...sampleMap({ hosts: ['be01'] }), manifestUri }], { relativePath: (uri) => uri.slice('file:///'.length) }).split('\n')[0];
    assert.equal(heading('file:///a`b\n``.bexnet.yaml'), '### ```a`b\\u000a``.bexnet.yaml```');
    // A span's first backtick would join the fence: it is spaced off.
    assert.equal(heading('file:///`odd/a.bexnet.yaml'), '### `` `odd/a.bexnet.yaml ``');
  });

  it('gives each manifest its own section, and says when there is no flow or no finding', () => {
    const empty = { manifestUri: 'file:///site/broken.bexnet.yaml', hosts: [], firewalls: [], flows: [], findings: [] };
    const text = markdownOf(reportMap(), empty);
    const second = text.slice(text.indexOf('### `site/broken.bexnet.yaml`'));
    assert.equal(
      second,
      '### `site/broken.bexnet.yaml`\n\n0 required flows: 0 allowed, 0 partly allowed, 0 blocked, 0 unknown.\n\n' +
        'No required flows: the manifest names no hosts that need one, or could not be read (see the findings).\n\nNo findings.\n',
    );
  });
});

import assert from 'node:assert/strict';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FLOW_STATES, STATE_SHAPES, type FlowState } from '../../server/src/engine';
import { cleanManifest, cleanRules, NODE_WORDING, repoRoot, spawnBefw, tempFolders } from '../support/cli';
import { byClass, byName, elements, pageOf, selfContainmentProblems, tableRows, text } from '../flowmap/htmlDom';

const folder = tempFolders();

/**
 * The states of the examples' required flows, written down from `befw check`:
 * each flow a BEX100/101/104 names is blocked or partly allowed at that
 * firewall, every other required flow gets through.
 */
const SITE: Record<string, FlowState> = {
  'remote-agent-control:be01>sql01': 'allowed',
  // BEX101 at dmz.fwrules.yaml:11: the DMZ opens 50100-50120 of 50100-50149.
  'remote-agent-data:be01>sql01': 'partial',
  'server-dynamic-range:sql01>be01': 'allowed',
  'agent-browser:sql01>be01': 'allowed',
  // BEX100 at be01.fwrules.yaml:5: nothing on be01 allows TCP 5633.
  'job-engine-oracle:sql01>be01': 'blocked',
  'dedup-engine:sql01>be01': 'allowed',
  'dedup-manager:sql01>be01': 'allowed',
  'm365:be01>m365': 'allowed',
  'remote-admin-console:admin01>be01': 'allowed',
};

const CLEAN: Record<string, FlowState> = {
  'remote-agent-control:be01>fs01': 'allowed',
  'remote-agent-data:be01>fs01': 'allowed',
  'server-dynamic-range:fs01>be01': 'allowed',
  'agent-browser:fs01>be01': 'allowed',
};

const LINUX: Record<string, FlowState> = {
  'remote-agent-control:be04>web04': 'allowed',
  'remote-agent-control:be04>db04': 'allowed',
  'remote-agent-control:be04>app04': 'allowed',
  'remote-agent-control:be04>files04': 'allowed',
  // BEX101 at web04.iptables:14: the rule opens only part of the data range.
  'remote-agent-data:be04>web04': 'partial',
  // BEX104 at db04.nft:17: a block rule in a second base chain drops it.
  'remote-agent-data:be04>db04': 'blocked',
  'remote-agent-data:be04>app04': 'allowed',
  // BEX100 at files04.user.rules:2: ufw's default deny.
  'remote-agent-data:be04>files04': 'blocked',
  'agent-browser:web04>be04': 'allowed',
  'agent-browser:db04>be04': 'allowed',
  'agent-browser:app04>be04': 'allowed',
  'agent-browser:files04>be04': 'allowed',
};

/** Each flow of the page's map with its state, read from the SVG: its class, and the same state in its glyph, line, arrowhead and spoken label. */
function mapStates(html: string): Record<string, FlowState> {
  const [svg] = byClass(pageOf(html), 'svg', 'befw-flow-map');
  const states: Record<string, FlowState> = {};
  for (const flow of elements(svg, (element) => element.attribs['data-flow'] !== undefined)) {
    const state = FLOW_STATES.find((s) => flow.attribs.class.split(' ').includes(`state-${s}`));
    assert.ok(state, flow.attribs.class);
    assert.ok(flow.attribs['aria-label'].endsWith(`: ${STATE_SHAPES[state].word}`), flow.attribs['aria-label']);
    // Nothing happens on a click in a static page: no flow may pose as a button.
    assert.deepEqual([flow.attribs.tabindex, flow.attribs.role], [undefined, 'img']);
    assert.equal(text(byClass(flow, 'tspan', 'glyph')[0]), STATE_SHAPES[state].glyph);
    const [line] = byClass(flow, 'path', 'flow-line');
    assert.deepEqual([line.attribs['stroke-dasharray'], line.attribs['marker-end']], [STATE_SHAPES[state].dasharray, `url(#befw-arrow-${state})`]);
    states[flow.attribs['data-flow']] = state;
  }
  return states;
}

describe('befw report', () => {
  it('writes the example site as one self-contained page: every required flow on the map in its state, a report not a gate (exit 0)', () => {
    const output = join(folder(), 'report.html');
    const { code, stdout, stderr } = spawnBefw(['report', 'examples/site', '--format', 'html', '--output', output], repoRoot);
    assert.deepEqual([code, stdout, stderr], [0, '', `befw: wrote the report of 1 manifest(s) to ${output}\n`]);
    const html = readFileSync(output, 'utf8');
    assert.deepEqual(selfContainmentProblems(html), []);
    assert.deepEqual(mapStates(html), SITE);
    const page = pageOf(html);
    assert.equal(text(byName(page, 'h2')[0]), 'examples/site/site.bexnet.yaml');
    assert.equal(text(byClass(page, 'p', 'counts')[0]), '9 required flows: 7 allowed, 1 partly allowed, 1 blocked, 0 unknown.');
    const rows = tableRows(byClass(page, 'table', 'flows')[0]);
    assert.deepEqual(
      rows.filter((row) => row[0] === 'Remote Agent data connections'),
      [
        ['Remote Agent data connections', 'be01 → sql01', 'TCP 50100-50149', 'be01-host (outbound)', '✓ allowed', 'allowed by the outbound default'],
        ['Remote Agent data connections', 'be01 → sql01', 'TCP 50100-50149', 'dmz (inbound)', '◐ partly allowed', 'BE control and data to sql01 (examples/site/dmz.fwrules.yaml:6:5) BEX101 (examples/site/dmz.fwrules.yaml:11:12)'],
      ],
    );
    // The findings are befw check's: 4 errors and a warning, by file.
    assert.deepEqual(
      tableRows(byClass(page, 'table', 'findings')[0]).map((row) => `${row[2]} ${row[0]}`),
      ['examples/site/site.bexnet.yaml:16:13 BEX101', 'examples/site/site.bexnet.yaml:17:13 BEX100', 'examples/site/dmz.fwrules.yaml:11:12 BEX101', 'examples/site/be01.fwrules.yaml:5:1 BEX100', 'examples/site/be01.fwrules.yaml:23:12 BEX203'],
    );
  });

  it('writes HTML to stdout by default: the clean example, every flow allowed', () => {
    const { code, stdout, stderr } = spawnBefw(['report', 'examples/clean'], repoRoot);
    assert.deepEqual([code, stderr], [0, '']);
    assert.match(stdout, /^<!DOCTYPE html>\n/);
    assert.deepEqual(mapStates(stdout), CLEAN);
  });

  it('maps the Linux example: host firewalls read as the hosts hold them', () => {
    const { code, stdout } = spawnBefw(['report', 'examples/linux/linux.bexnet.yaml'], repoRoot);
    assert.equal(code, 0);
    assert.deepEqual(mapStates(stdout), LINUX);
  });

  it('--format markdown writes the table and the findings to stdout; --no-hardening drops the hardening advice', () => {
    const { code, stdout, stderr } = spawnBefw(['report', 'examples/site', '--format', 'markdown', '--no-hardening'], repoRoot);
    assert.deepEqual([code, stderr], [0, '']);
    const lines = stdout.split('\n');
    assert.deepEqual(lines.slice(0, 3), ['### `examples/site/site.bexnet.yaml`', '', '9 required flows: 7 allowed, 1 partly allowed, 1 blocked, 0 unknown.']);
    assert.ok(
      lines.includes(
        '| Backup Exec Job Engine (Agent for Oracle) | sql01 → be01 | TCP 5633 | be01-host (inbound) | ✕ blocked | [`BEX100`](https://github.com/befw/backup-exec-firewall-assistant/blob/main/docs/codes.md#bex100) (examples/site/be01.fwrules.yaml:5:1) |',
      ),
      stdout,
    );
    assert.equal(lines.filter((line) => line.startsWith('| ') && !line.startsWith('| Flow')).length, 16);
    assert.equal(lines.filter((line) => line.startsWith('- `examples/site/')).length, 4);
    assert.doesNotMatch(stdout, /BEX203/);
  });

  it('exits 2 with a clear message, and writes nothing, on usage problems and a path it cannot read', () => {
    const rulesOnly = folder({ 'core.fwrules.yaml': cleanRules });
    for (const [args, cwd, message] of [
      [['report', 'no/such/folder'], repoRoot, 'befw: cannot read "no/such/folder": no such file or folder\n'],
      [['report', 'examples/site', '--format', 'pdf'], repoRoot, 'befw: --format must be html or markdown, not "pdf"\n'],
      [['report', '--bogus'], repoRoot, 'befw: unknown option "--bogus" (a path that starts with "-" goes after "--")\n'],
      [['report', '.'], rulesOnly, 'befw: no manifests (*.bexnet.yaml) found in "."\n'],
    ] as const) {
      const { code, stdout, stderr } = spawnBefw([...args], cwd);
      assert.deepEqual([code, stdout, stderr], [2, '', `${message}Run "befw --help" for usage.\n`], args.join(' '));
      assert.doesNotMatch(stderr, NODE_WORDING);
    }
  });

  it('never writes over a file it reads', () => {
    const site = folder({ 'site.bexnet.yaml': cleanManifest(), 'core.fwrules.yaml': cleanRules });
    const { code, stderr } = spawnBefw(['report', '.', '--output', 'core.fwrules.yaml'], site);
    assert.equal(code, 2);
    assert.equal(stderr, 'befw: --output "core.fwrules.yaml" is "core.fwrules.yaml", a file the report reads; write the report to another file\nRun "befw --help" for usage.\n');
    assert.equal(readFileSync(join(site, 'core.fwrules.yaml'), 'utf8'), cleanRules);
  });

  it('leaves out a manifest it cannot read, says so, reports the others and exits 2', () => {
    const site = folder({ 'site.bexnet.yaml': cleanManifest(), 'core.fwrules.yaml': cleanRules });
    symlinkSync('nowhere', join(site, 'gone.bexnet.yaml'));
    const { code, stdout, stderr } = spawnBefw(['report', '.', '--format', 'markdown'], site);
    assert.equal(code, 2);
    assert.equal(stderr, 'befw: cannot read "gone.bexnet.yaml": it is a link to a file that does not exist; it is left out of the report\n');
    assert.match(stdout, /^### `site\.bexnet\.yaml`\n\n4 required flows: 4 allowed,/);
  });
});

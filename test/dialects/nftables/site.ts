import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { QuickFix } from '../../../server/src/engine/service';
import { applyFix, checkFiles, diagnosticsOf, summary, type FileSet } from '../../support/engine';
import { nftCheck } from './nftCheck';

/**
 * A site whose Linux agent host ralus01 filters with nftables: be01 (10.1.1.10) opens the control
 * connection (TCP 10000) and data connections (the agent range 50100-50149) to it; ralus01 advertises
 * to be01 on 6101 (outbound).
 */
export const MANIFEST = [
  '# Backup Exec at the Noumea branch office: ralus01 runs the Agent for Linux behind its own nftables.',
  'version: 1',
  'settings:',
  '  dynamicPorts:',
  '    agent: { enabled: true, range: 50100-50149 }   # remote agent range',
  'hosts:',
  '  - { name: be01, role: backup-exec-server, address: 10.1.1.10 }',
  '  - { name: ralus01, role: remote-computer, address: 10.1.2.20, agent: linux }',
  'firewalls:',
  '  - { name: ralus01-host, rules: ralus01.nft, host: ralus01 }',
  '',
].join('\n');

/** BEX022 (the Agent for Linux's data range is not documented) stays on the manifest whatever the rules. */
export const LINUX_NOTE = 'site.bexnet.yaml:8 BEX022';

export const site = (ruleset: string): FileSet => ({ 'site.bexnet.yaml': MANIFEST, 'ralus01.nft': ruleset });

export async function findings(ruleset: string): Promise<string[]> {
  return summary((await checkFiles(site(ruleset), 'site.bexnet.yaml')).report);
}

/** The one quick-fix of the flow diagnostic in ralus01.nft whose message names `ports`, applied; with the findings after it. */
export async function fixFlow(ruleset: string, ports: string): Promise<{ fix: QuickFix; fixed: string; after: string[] }> {
  const files = site(ruleset);
  const { service, report } = await checkFiles(files, 'site.bexnet.yaml');
  const diagnostic = diagnosticsOf(report, 'ralus01.nft').find((d) => (d.code === 'BEX100' || d.code === 'BEX101') && String(d.message).includes(`(TCP ${ports})`));
  assert.ok(diagnostic, `a flow diagnostic for TCP ${ports}; found ${summary(report).join(', ')}`);
  const fixes = service.getQuickFixes(report, diagnostic);
  assert.equal(fixes.length, 1);
  const fixed = applyFix(files, fixes[0]);
  return { fix: fixes[0], fixed: fixed['ralus01.nft'], after: summary((await checkFiles(fixed, 'site.bexnet.yaml')).report) };
}

/** A subtest that runs `nft -c -f` on the text: exit 0 and no output, or skipped with the reason nft cannot run here. */
export async function nftAccepts(t: TestContext, text: string): Promise<void> {
  await t.test('nft -c -f accepts it', (sub) => {
    const check = nftCheck(text);
    if ('skip' in check) return sub.skip(check.skip);
    assert.deepEqual([check.status, check.output], [0, '']);
  });
}

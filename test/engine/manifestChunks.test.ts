import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import type { ManifestModel } from '../../server/src/engine/model/types';
import { parseManifest } from '../../server/src/engine/parse/manifestParser';
import { uriOf } from '../support/engine';

/**
 * A manifest whose hosts list can be split is parsed one host at a time;
 * one that cannot (an anchor anywhere, say) as a whole document. Both must
 * read the same model: every manifest of the examples and the check tests is
 * parsed both ways (an anchor written after it forces the whole-document
 * parse) and compared, ranges included.
 */

const ROOT = join(__dirname, '..', '..', '..');

function manifestsUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return manifestsUnder(path);
    return name.endsWith('.bexnet.yaml') ? [path] : [];
  });
}

/** Everything of a model the checks read, with ranges, as plain data. */
function shape(model: ManifestModel) {
  const located = (l: { value: unknown; range: readonly number[] } | undefined) => l && [l.value, [...l.range]];
  return {
    hosts: model.hosts.map((h) => ({ index: h.index, range: [...h.range], name: located(h.name), role: located(h.role), address: located(h.address), agent: h.agent, features: h.features.map(located), addressRange: h.addressRange })),
    firewalls: model.firewalls.map((f) => ({ range: [...f.range], name: located(f.name), rules: f.rules.map(located), protects: f.protects.map(located), host: located(f.host) })),
    settings: { ndmpPort: located(model.settings.ndmpPort), concurrentJobs: located(model.settings.concurrentJobs), invalid: model.settings.invalid, server: located(model.settings.serverRange?.text), agent: located(model.settings.agentRange?.text) },
    hostsKeyRange: [...model.hostsKeyRange],
    problems: model.problems.map((p) => [p.message.replace(/^hosts\[\d+\]: (?=YAML: )/, ''), [...p.range]]).sort(),
  };
}

const FORCE_WHOLE = '\nx-parsed-whole: &whole 1\n';

describe('a manifest parsed one host at a time reads as the whole document does', () => {
  const paths = [...manifestsUnder(join(ROOT, 'examples')), ...manifestsUnder(join(ROOT, 'test', 'checks'))];

  it('the corpus has manifests whose hosts list is split', () => {
    const split = paths.filter((path) => /^hosts:[ \t]*\r?$/m.test(readFileSync(path, 'utf8')));
    assert.ok(split.length >= 40, `${split.length} of ${paths.length}`);
  });

  for (const path of paths) {
    it(relative(ROOT, path), () => {
      const text = readFileSync(path, 'utf8');
      const byHosts = parseManifest({ uri: uriOf('m.bexnet.yaml'), text: text + FORCE_WHOLE.replace(/&whole /, '') });
      const whole = parseManifest({ uri: uriOf('m.bexnet.yaml'), text: text + FORCE_WHOLE });
      assert.deepStrictEqual(shape(byHosts), shape(whole));
    });
  }

  it('a host with a YAML or schema problem is reported at its place, and the others are read', () => {
    const text = 'version: 1\nhosts:\n  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }\n  - { name: sql01, role: remote-computr, address: 10.0.2.20 }\n  - { name: x, role: remote-computer, address: [\n  - { name: sql02, role: remote-computer, address: 10.0.2.21 }\n';
    const model = parseManifest({ uri: uriOf('m.bexnet.yaml'), text });
    assert.deepStrictEqual(model.hosts.map((h) => h.name.value), ['be01', 'sql02']);
    assert.deepStrictEqual([...new Set(model.problems.map((p) => p.message.split(':')[0]))].sort(), ['hosts[1].role', 'hosts[2]']);
    const role = model.problems.find((p) => p.message.startsWith('hosts[1].role'))!;
    assert.equal(text.slice(role.range[0], role.range[1]), 'remote-computr');
  });
});

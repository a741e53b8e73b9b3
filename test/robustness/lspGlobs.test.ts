import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GlobSet, MAX_BRACE_PATTERNS, globProblem } from '../../server/src/lsp/globs';
import { normalizeSettings } from '../../server/src/lsp/settings';
import { WorkspaceFiles } from '../../server/src/lsp/workspaceFiles';

/** The globs of befw.files.*: what a repository's settings may make the server match, and at what cost. */
describe('befw.files.* globs: bounded, compiled once', () => {
  it('accepts the globs people write', () => {
    for (const glob of ['**/*.bexnet.yaml', '**/*.{yaml,yml}', 'config/*-*.fwrules.yaml', 'sites/{north,south}/**/*.fwrules.yaml', '*.fwrules.yaml']) {
      assert.equal(globProblem(glob), undefined, glob);
    }
  });

  it(`refuses braces standing for more than ${MAX_BRACE_PATTERNS} patterns, three "*" in a segment, and very long globs`, () => {
    assert.match(String(globProblem(`${'{a,b}'.repeat(7)}*.yaml`)), /braces stand for more than 64 patterns/, '128 patterns');
    assert.equal(globProblem(`${'{a,b}'.repeat(6)}*.yaml`), undefined, 'exactly 64 patterns');
    assert.match(String(globProblem('{a,b}{c,d}'.repeat(15))), /braces stand for more than 64 patterns/);
    assert.match(String(globProblem('x/*a*b*c.yaml')), /more than 2 "\*" wildcards \("\*a\*b\*c\.yaml"\)/);
    assert.equal(globProblem('**/a*b*.yaml'), undefined, 'a globstar segment is not a wildcard in a name');
    assert.match(String(globProblem(`${'x'.repeat(1001)}`)), /longer than 1000 characters/);
  });

  it('a setting keeps its good globs, warns of each refused one, and falls back to the default when none is left', () => {
    const warnings: string[] = [];
    const settings = normalizeSettings({ files: { manifests: ['{a,b}'.repeat(30)], rules: ['*a*a*ac', 'fw/*.yaml'] } }, (w) => warnings.push(w));
    assert.deepEqual(settings.files, { manifests: ['**/*.bexnet.yaml'], rules: ['fw/*.yaml'] });
    assert.equal(warnings.length, 2);
    const many = normalizeSettings({ files: { rules: Array.from({ length: 40 }, (_, i) => `r${i}/*.yaml`) } }, (w) => warnings.push(w));
    assert.equal(many.files.rules.length, 32);
    assert.match(warnings[2], /only the first 32 of 40 globs are used/);
  });

  it('a glob without "/" matches the file name in any folder; one with "/" matches from the workspace folder; dot files count', () => {
    const set = new GlobSet(['*.fwrules.yaml', 'cfg/*.yaml']);
    assert.ok(set.matches('a/b/.hidden.fwrules.yaml'));
    assert.ok(set.matches('cfg/x.yaml'));
    assert.ok(!set.matches('a/cfg/x.yaml'));
    // Extended globs nest regex quantifiers; they are read literally.
    const literal = new GlobSet(['+(a|aa).yaml']);
    assert.ok(literal.matches('+(a|aa).yaml') && !literal.matches('aa.yaml'));
  });

  it('matching 5,000 files against a 64-pattern glob compiles it once (well under a second; compiling per file takes seconds)', () => {
    const files = new WorkspaceFiles();
    files.setRoots(['file:///w']);
    const globs = normalizeSettings({ files: { rules: ['{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}/*.fwrules.yaml'] } }).files.rules;
    const started = performance.now();
    let matched = 0;
    for (let i = 0; i < 5000; i++) if (files.matches(`file:///w/acegik/f${i}.fwrules.yaml`, globs)) matched++;
    assert.equal(matched, 5000);
    assert.ok(performance.now() - started < 1000, `${(performance.now() - started).toFixed(0)} ms`);
  });
});

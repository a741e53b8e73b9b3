import assert from 'node:assert/strict';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cleanManifest, cleanRules, runBefw, tempFolders } from '../support/cli';

const folder = tempFolders();
/** What a file outside the checked folder holds: quoted by a BEX001 if it were ever read. */
const SECRET = 'root:SECRET-SHADOW-LINE:19000:0:99999';

/** base/site/ is checked; base/outside/ holds a secret that a manifest tries to reach (`<base>` in `rules` is replaced). */
function siteReaching(rules: string): string {
  const base = folder({ 'site/core.fwrules.yaml': cleanRules, 'outside/secret.fwrules.yaml': `version: 1\nevaluation: ${SECRET}\n` });
  writeFileSync(join(base, 'site', 'site.bexnet.yaml'), cleanManifest(rules.replace('<base>', base)));
  symlinkSync(join(base, 'outside', 'secret.fwrules.yaml'), join(base, 'site', 'link.fwrules.yaml'));
  symlinkSync(join(base, 'outside'), join(base, 'site', 'linked'));
  return base;
}

const REFUSED = /^site\/site\.bexnet\.yaml:12:26 error BEX017 The rule file of firewall "core" cannot be read: it is outside the folders being checked, so it is not read \(to allow it: --allow-outside <folder>\)\.?$/m;

describe('befw check reads only inside the folders it was given', () => {
  for (const [how, rules] of [
    ['an absolute path', '<base>/outside/secret.fwrules.yaml'],
    ['a path climbing out with ..', '../outside/secret.fwrules.yaml'],
    ['a link to a file outside', 'link.fwrules.yaml'],
    ['a path through a linked folder', 'linked/secret.fwrules.yaml'],
  ]) {
    it(`refuses ${how} with a BEX017 at the rules: value, and never shows the content`, async () => {
      const base = siteReaching(rules);
      const { code, stdout, stderr } = await runBefw(['check', 'site'], base);
      assert.match(stdout, REFUSED);
      assert.doesNotMatch(stdout + stderr, /SECRET/);
      assert.equal(code, 1);
    });
  }

  it('reads the same file once --allow-outside names its folder', async () => {
    const base = siteReaching('../outside/secret.fwrules.yaml');
    const { stdout } = await runBefw(['check', 'site', '--allow-outside', 'outside'], base);
    assert.doesNotMatch(stdout, /BEX017/);
    assert.match(stdout, /SECRET/, 'the rule file was read and its problems quoted');
  });

  it('--allow-outside is repeatable', async () => {
    const base = siteReaching('../outside/secret.fwrules.yaml');
    const { stdout } = await runBefw(['check', 'site', '--allow-outside', 'site', '--allow-outside', 'outside'], base);
    assert.doesNotMatch(stdout, /BEX017/);
  });

  it('for a file argument, reads inside its folder (sub-folders and names starting with ".." too) and not above it', async () => {
    const base = folder({
      'site/a.bexnet.yaml': cleanManifest('..core.fwrules.yaml'),
      'site/..core.fwrules.yaml': cleanRules,
      'site/c.bexnet.yaml': cleanManifest('rules/core.fwrules.yaml'),
      'site/rules/core.fwrules.yaml': cleanRules,
      'site/b.bexnet.yaml': cleanManifest('../core.fwrules.yaml'),
      'core.fwrules.yaml': cleanRules,
    });
    for (const manifest of ['site/a.bexnet.yaml', 'site/c.bexnet.yaml']) {
      const inside = await runBefw(['check', manifest], base);
      assert.equal(inside.stdout, '2 file(s) checked: 0 error(s), 0 warning(s), 0 information.\n', manifest);
      assert.equal(inside.code, 0);
    }
    const above = await runBefw(['check', 'site/b.bexnet.yaml'], base);
    assert.match(above.stdout, /^site\/b\.bexnet\.yaml:12:26 error BEX017 .*it is outside the folders being checked/m);
  });

  it('a folder given through a link is itself: its own rule files are read', async () => {
    const base = folder({ 'site/site.bexnet.yaml': cleanManifest(), 'site/core.fwrules.yaml': cleanRules });
    symlinkSync(join(base, 'site'), join(base, 'alias'));
    const { code, stdout } = await runBefw(['check', 'alias'], base);
    assert.equal(stdout, '2 file(s) checked: 0 error(s), 0 warning(s), 0 information.\n');
    assert.equal(code, 0);
  });

  it('a file argument that is a link to a manifest elsewhere is read, with the rule files beside the link', async () => {
    const base = folder({ 'elsewhere/site.bexnet.yaml': cleanManifest(), 'work/core.fwrules.yaml': cleanRules });
    symlinkSync(join(base, 'elsewhere', 'site.bexnet.yaml'), join(base, 'work', 'link.bexnet.yaml'));
    const { code, stdout, stderr } = await runBefw(['check', 'work/link.bexnet.yaml'], base);
    assert.equal(stderr, '');
    assert.equal(stdout, '2 file(s) checked: 0 error(s), 0 warning(s), 0 information.\n');
    assert.equal(code, 0);
  });

  it('a link inside the folder to a file inside it is read', async () => {
    const base = folder({ 'site/site.bexnet.yaml': cleanManifest('alias.fwrules.yaml'), 'site/core.fwrules.yaml': cleanRules });
    symlinkSync('core.fwrules.yaml', join(base, 'site', 'alias.fwrules.yaml'));
    const { stdout } = await runBefw(['check', 'site/site.bexnet.yaml'], base);
    assert.doesNotMatch(stdout, /BEX017/);
  });

  it('a missing file inside the folder is "no such file", a missing one outside is refused without looking', async () => {
    const inside = folder({ 'site.bexnet.yaml': cleanManifest('gone.fwrules.yaml') });
    assert.match((await runBefw(['check', '.'], inside)).stdout, /BEX017 .*cannot be read: no such file/);
    const outside = folder({ 'site.bexnet.yaml': cleanManifest('/nonexistent-befw-folder/gone.fwrules.yaml') });
    assert.match((await runBefw(['check', '.'], outside)).stdout, /BEX017 .*it is outside the folders being checked/);
  });
});

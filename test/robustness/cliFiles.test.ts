import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cleanManifest, cleanRules, NODE_WORDING, runBefw, spawnBefw, tempFolders } from '../support/cli';

const folder = tempFolders();
const CLEAN = '2 file(s) checked: 0 error(s), 0 warning(s), 0 information.\n';
const site = (rules = 'core.fwrules.yaml', extra: Record<string, string | Buffer> = {}) => folder({ 'site.bexnet.yaml': cleanManifest(rules), 'core.fwrules.yaml': cleanRules, ...extra });
const fifo = (path: string) => execFileSync('mkfifo', [path]);

describe('befw check never blocks on or swallows a special file', () => {
  it('a FIFO named as a rule file: BEX017, at once', () => {
    const base = site('pipe.fwrules.yaml');
    fifo(join(base, 'pipe.fwrules.yaml'));
    const { code, stdout } = spawnBefw(['check', 'site.bexnet.yaml'], base);
    assert.match(stdout, /^site\.bexnet\.yaml:12:26 error BEX017 The rule file of firewall "core" cannot be read: it is not a regular file \(a FIFO, socket or device\), so it is not read$/m);
    assert.match(stdout, /; 1 file\(s\) could not be checked\.$/m);
    assert.equal(code, 1);
  });

  it('a FIFO named on the command line or found in a folder: a note, and the run fails', () => {
    const base = site();
    fifo(join(base, 'pipe.bexnet.yaml'));
    for (const args of [['check', 'pipe.bexnet.yaml'], ['check', '.']]) {
      const { code, stdout, stderr } = spawnBefw(args, base);
      assert.equal(stderr, 'befw: cannot check "pipe.bexnet.yaml": it is not a regular file (a FIFO, socket or device), so it is not read\n', args.join(' '));
      assert.match(stdout, /file\(s\) checked: 0 error\(s\), 0 warning\(s\), 0 information; 1 file\(s\) could not be checked\.\n$/);
      assert.equal(code, 1);
    }
  });

  it('rules: /dev/zero is refused as outside; allowed, it is refused as a device without being read', () => {
    const base = site('/dev/zero');
    assert.match(spawnBefw(['check', '.'], base).stdout, /BEX017 .*it is outside the folders being checked/);
    const allowed = spawnBefw(['check', '.', '--allow-outside', '/dev'], base);
    assert.match(allowed.stdout, /BEX017 .*it is not a regular file/);
    assert.equal(allowed.code, 1);
  });

  it('a 10 GB (sparse) rule file is measured, not read: BEX019 at once', () => {
    const base = site('huge.fwrules.yaml');
    writeFileSync(join(base, 'huge.fwrules.yaml'), '');
    truncateSync(join(base, 'huge.fwrules.yaml'), 10 * 2 ** 30);
    const started = Date.now();
    const { code, stdout } = spawnBefw(['check', '.'], base);
    assert.match(stdout, /^huge\.fwrules\.yaml:1:1 warning BEX019 This file is 10240(\.0)? MB, over the 20(\.0)? MB limit/m);
    assert.equal(code, 1);
    assert.ok(Date.now() - started < 10_000);
  });
});

describe('a file that could not be checked fails the run', () => {
  const padded = (megabytes: number, text = cleanManifest()) => `${text}# ${'x'.repeat(megabytes * 2 ** 20)}\n`;

  it('a manifest padded past the default limit (20 MB) gets BEX019 and exit code 1', () => {
    const base = site(undefined, { 'site.bexnet.yaml': padded(20) });
    const { code, stdout } = spawnBefw(['check', '.'], base);
    assert.match(stdout, /^site\.bexnet\.yaml:1:1 warning BEX019 /m);
    assert.match(stdout, /^1 file\(s\) checked: 0 error\(s\), 1 warning\(s\), 0 information; 1 file\(s\) could not be checked\.$/m);
    assert.equal(code, 1);
  });

  it('--max-file-size sets the limit in MB, and a referenced rule file over it fails the run too', async () => {
    const base = site(undefined, { 'site.bexnet.yaml': padded(2) });
    assert.equal((await runBefw(['check', '.', '--max-file-size', '3'], base)).stdout, CLEAN);
    const manifest = await runBefw(['check', '.', '--max-file-size', '1'], base);
    assert.match(manifest.stdout, /^site\.bexnet\.yaml:1:1 warning BEX019 This file is 2(\.0)? MB, over the 1(\.0)? MB limit/m);
    assert.equal(manifest.code, 1);
    const rules = await runBefw(['check', '.', '--max-file-size', '1'], site(undefined, { 'core.fwrules.yaml': padded(2, cleanRules) }));
    assert.match(rules.stdout, /^core\.fwrules\.yaml:1:1 warning BEX019 /m);
    assert.match(rules.stdout, /could not be checked/);
    assert.equal(rules.code, 1);
  });

  it('--max-file-size must be a positive number', async () => {
    for (const value of ['0', '-1', 'ten', 'Infinity', '']) {
      const { code, stderr } = await runBefw(['check', '.', `--max-file-size=${value}`], site());
      assert.match(stderr, /--max-file-size must be a positive number of megabytes/, value);
      assert.equal(code, 2);
    }
  });

  it('a clean folder still says nothing of unchecked files and exits 0', async () => {
    const { code, stdout } = await runBefw(['check', '.'], site());
    assert.equal(stdout, CLEAN);
    assert.equal(code, 0);
  });
});

describe('befw check walks past what it cannot read', () => {
  it('an unreadable sub-folder is skipped with a note; the rest is checked', () => {
    const base = folder({ 'ok/site.bexnet.yaml': cleanManifest(), 'ok/core.fwrules.yaml': cleanRules, 'locked/hidden.bexnet.yaml': 'x' });
    chmodSync(join(base, 'locked'), 0o000);
    // Root reads through chmod 000, so the CLI runs as "nobody" there: a real EACCES from the real file system.
    const asSomeoneElse = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const { code, stdout, stderr } = spawnBefw(['check', '.'], base, asSomeoneElse);
    assert.equal(stderr, 'befw: skipped the folder "locked": permission denied\n');
    assert.equal(stdout, CLEAN);
    assert.equal(code, 0);
  });

  it('a dangling *.bexnet.yaml link is named on stderr and counted as not checked', async () => {
    const base = site();
    symlinkSync('gone.yaml', join(base, 'old.bexnet.yaml'));
    const { code, stdout, stderr } = await runBefw(['check', '.'], base);
    assert.equal(stderr, 'befw: cannot check "old.bexnet.yaml": it is a link to a file that does not exist\n');
    assert.match(stdout, /^2 file\(s\) checked: .*; 1 file\(s\) could not be checked\.$/m);
    assert.equal(code, 1);
  });

  it('a file name with a line break is escaped in a note too', async () => {
    const base = site();
    fifo(join(base, 'x\n\u001b[2Jy.bexnet.yaml'));
    const { stderr } = await runBefw(['check', '.'], base);
    assert.equal(stderr, 'befw: cannot check "x\\u000a\\u001b[2Jy.bexnet.yaml": it is not a regular file (a FIFO, socket or device), so it is not read\n');
  });
});

describe('errors are worded for a person, not by Node', () => {
  const longName = `${'n'.repeat(300)}.fwrules.yaml`;

  it('a rules: path that cannot be followed (NUL, a file as a folder, a loop, too long, a folder)', async () => {
    const base = site('core.fwrules.yaml', { 'sub.fwrules.yaml/placeholder': '' });
    symlinkSync('loop.fwrules.yaml', join(base, 'loop.fwrules.yaml'));
    for (const [rules, reason] of [
      ['"nul\\0.fwrules.yaml"', 'the path contains a NUL character'],
      ['core.fwrules.yaml/x.fwrules.yaml', 'a part of the path is a file, not a folder'],
      ['loop.fwrules.yaml', 'the links on its path go round in a loop'],
      [longName, 'the path is too long'],
      ['sub.fwrules.yaml', 'it is a folder'],
    ]) {
      writeFileSync(join(base, 'site.bexnet.yaml'), cleanManifest(rules));
      const { stdout } = await runBefw(['check', 'site.bexnet.yaml'], base);
      assert.match(stdout, new RegExp(`BEX017 The rule file of firewall "core" cannot be read: ${reason}$`, 'm'), rules);
      assert.doesNotMatch(stdout, NODE_WORDING);
    }
  });

  it('a file the system fails to read (/proc/self/mem: a regular file whose read fails with EIO)', async () => {
    const { code, stdout } = await runBefw(['check', '.', '--allow-outside', '/proc'], site('/proc/self/mem'));
    assert.match(stdout, /BEX017 The rule file of firewall "core" cannot be read: the device failed \(an input\/output error\)$/m);
    assert.doesNotMatch(stdout, NODE_WORDING);
    assert.equal(code, 1);
  });

  it('a path argument that cannot be followed', async () => {
    const base = site();
    symlinkSync('loop.bexnet.yaml', join(base, 'loop.bexnet.yaml'));
    for (const [path, reason] of [
      ['a\0b.bexnet.yaml', 'the path contains a NUL character'],
      ['site.bexnet.yaml/x.bexnet.yaml', 'a part of the path is a file, not a folder'],
      ['loop.bexnet.yaml', 'the links on its path go round in a loop'],
      [longName, 'the path is too long'],
      ['missing', 'no such file or folder'],
    ]) {
      const { code, stderr } = await runBefw(['check', path], base);
      assert.match(stderr, new RegExp(`^befw: cannot read ".*": ${reason}\\n`), path);
      assert.doesNotMatch(stderr, NODE_WORDING);
      assert.equal(code, 2);
    }
    const allow = await runBefw(['check', '.', '--allow-outside', 'x\0y'], base);
    assert.match(allow.stderr, /^befw: --allow-outside "x\\u0000y": the path contains a NUL character\n/);
  });

  it('options parseArgs rejects', async () => {
    for (const [args, message] of [
      [['check', '--bogus'], 'unknown option "--bogus" (a path that starts with "-" goes after "--")'],
      [['generate', '-x'], 'unknown option "-x" (a path that starts with "-" goes after "--")'],
      [['check', '--format'], '--format needs a value'],
      [['check', '.', '--allow-outside'], '--allow-outside needs a value'],
      [['check', '--no-hardening=yes'], '--no-hardening takes no value'],
    ] as const) {
      const { code, stderr } = await runBefw(args, site());
      assert.equal(stderr, `befw: ${message}\nRun "befw --help" for usage.\n`);
      assert.equal(code, 2);
    }
  });

  it('generate: a manifest or --output that cannot be used', async () => {
    const base = site();
    mkdirSync(join(base, 'folder'));
    for (const [args, message] of [
      [['--output', 'folder', 'site.bexnet.yaml'], /^befw: cannot write "folder": it is a folder\n/],
      [['--output', 'no/such/out.yaml', 'site.bexnet.yaml'], /^befw: cannot write "no\/such\/out\.yaml": its folder does not exist\n/],
      [['--output', 'o\0.yaml', 'site.bexnet.yaml'], /^befw: cannot write "o\\u0000\.yaml": the path contains a NUL character\n/],
      [['m\0.bexnet.yaml'], /^befw: cannot read "m\\u0000\.bexnet\.yaml": the path contains a NUL character\n/],
      [['folder'], /^befw: cannot read "folder": it is a folder\n/],
    ] as const) {
      const { code, stderr } = await runBefw(['generate', '--firewall', 'core', ...args], base);
      assert.match(stderr, message, args.join(' '));
      assert.doesNotMatch(stderr, NODE_WORDING);
      assert.equal(code, 2);
    }
  });
});

describe('befw generate reads its manifest as check does', () => {
  it('a manifest over --max-file-size is not read', async () => {
    const base = site(undefined, { 'site.bexnet.yaml': `${cleanManifest()}# ${'x'.repeat(2 ** 21)}\n` });
    const { code, stderr } = await runBefw(['generate', '--firewall', 'core', '--max-file-size', '1', 'site.bexnet.yaml'], base);
    assert.match(stderr, /^befw: cannot read "site\.bexnet\.yaml": 2\.0 MB is over the 1\.0 MB limit/);
    assert.equal(code, 2);
  });

  it('a FIFO named as the manifest is refused at once', () => {
    const base = site();
    fifo(join(base, 'pipe.bexnet.yaml'));
    const { code, stderr } = spawnBefw(['generate', '--firewall', 'core', 'pipe.bexnet.yaml'], base);
    assert.match(stderr, /^befw: cannot read "pipe\.bexnet\.yaml": it is not a regular file/);
    assert.equal(code, 2);
  });
});

describe('befw generate --output never overwrites what it reads', () => {
  it('refuses the manifest itself, a link or hard link to it, and a rule file it references', async () => {
    const base = site();
    symlinkSync('site.bexnet.yaml', join(base, 'alias.yaml'));
    execFileSync('ln', [join(base, 'site.bexnet.yaml'), join(base, 'hard.yaml')]);
    for (const [output, what] of [
      ['site.bexnet.yaml', 'the manifest it reads'],
      ['./alias.yaml', 'the manifest it reads'],
      ['hard.yaml', 'the manifest it reads'],
      ['core.fwrules.yaml', 'the rule file of firewall "core"'],
    ]) {
      const { code, stderr } = await runBefw(['generate', '--firewall', 'core', '--output', output, 'site.bexnet.yaml'], base);
      assert.match(stderr, new RegExp(`^befw: --output "${output.replace('.', '\\.')}" is ${what}; write the rules to another file\\n`), output);
      assert.equal(code, 2);
    }
    assert.equal((await runBefw(['check', '.'], base)).stdout, CLEAN, 'both files are as they were');
  });
});

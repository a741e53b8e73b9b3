import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { decodeText, excerpt, FileTooLargeError } from '../../server/src/engine';
import { FileReadError, readTextFile } from '../../server/src/platform/textFiles';

const folder = mkdtempSync(join(tmpdir(), 'befw-files-'));
after(() => rmSync(folder, { recursive: true, force: true }));
const bytes = (...parts: (number[] | string)[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p)] : p)));

describe('decodeText: UTF-8, and UTF-16 with its byte-order mark', () => {
  it('decodes UTF-8 with and without a BOM, UTF-16LE and UTF-16BE with a BOM', () => {
    assert.deepEqual(decodeText(bytes('ports: [10000] # caf\u00e9')), { text: 'ports: [10000] # caf\u00e9' });
    assert.deepEqual(decodeText(bytes([0xef, 0xbb, 0xbf], 'version: 1')), { text: 'version: 1' });
    assert.deepEqual(decodeText(new Uint8Array([0xff, 0xfe, ...Buffer.from('netsh \u00e9', 'utf16le')])), { text: 'netsh \u00e9' });
    assert.deepEqual(decodeText(new Uint8Array([0xfe, 0xff, ...Buffer.from('netsh', 'utf16le').swap16()])), { text: 'netsh' });
  });

  it('decodes UTF-16 without a BOM by its zero high bytes (a .reg export re-saved without its mark), and leaves UTF-8 with a stray NUL alone', () => {
    const reg = 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE]\r\n"Caf\u00e9"="x"\r\n';
    assert.deepEqual(decodeText(new Uint8Array(Buffer.from(reg, 'utf16le'))), { text: reg });
    assert.deepEqual(decodeText(new Uint8Array(Buffer.from(reg, 'utf16le').swap16())), { text: reg });
    assert.deepEqual(decodeText(bytes('ab\u0000cdefgh')), { text: 'ab\u0000cdefgh' });
    // Three bytes: too short to tell, read as UTF-8.
    assert.deepEqual(decodeText(new Uint8Array([0x41, 0x00, 0x42])), { text: 'A\u0000B' });
    assert.match((decodeText(new Uint8Array([...Buffer.from('netsh advfirewall', 'utf16le'), 0x41])) as { error: string }).error, /looks like UTF-16LE without a byte-order mark but has an odd number of bytes/);
  });

  it('refuses Latin-1 (no BOM, not UTF-8) and a broken UTF-16 file with a sentence naming the encoding', () => {
    assert.match((decodeText(bytes('caf', [0xe9])) as { error: string }).error, /not valid UTF-8 and has no byte-order mark/);
    assert.match((decodeText(new Uint8Array([0xff, 0xfe, 0x41])) as { error: string }).error, /UTF-16LE byte-order mark but has an odd number of bytes/);
  });
});

describe('excerpt: what a message quotes of a token', () => {
  it('cuts at 80 characters with an ellipsis, and not before', () => {
    assert.equal(excerpt('x'.repeat(80)), 'x'.repeat(80));
    assert.equal(excerpt('x'.repeat(81)), `${'x'.repeat(79)}…`);
  });

  it('shows control characters as escapes, so a name cannot drive a terminal or forge a line', () => {
    assert.equal(excerpt('be01\u001b[2J\u0007\r\nfake.yaml:1:1 error'), 'be01\\u001b[2J\\u0007\\u000d\\u000afake.yaml:1:1 error');
    assert.equal(excerpt('caf\u00e9 \u2713'), 'caf\u00e9 \u2713');
  });
});

describe('readTextFile: regular files only, never more than the limit', () => {
  it('reads a UTF-16LE file PowerShell wrote', async () => {
    const path = join(folder, 'rules.ps1');
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('New-NetFirewallRule -LocalPort 10000', 'utf16le')]));
    assert.equal(await readTextFile(path, 1000), 'New-NetFirewallRule -LocalPort 10000');
  });

  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const fifo = join(folder, 'pipe.fwrules.yaml');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    await assert.rejects(readTextFile(fifo, 1000), (error: Error) => error instanceof FileReadError && /not a regular file/.test(error.message));
    assert.ok(Date.now() - started < 1000);
  });

  it('refuses a device such as /dev/zero without reading it', async () => {
    await assert.rejects(readTextFile('/dev/zero', 1000), /not a regular file/);
  });

  it('stops at the limit: one byte over is too large, the limit itself is read', async () => {
    const path = join(folder, 'big.fwrules.yaml');
    writeFileSync(path, 'x'.repeat(1001));
    await assert.rejects(readTextFile(path, 1000), (error: Error) => error instanceof FileTooLargeError && error.size === 1001 && error.limit === 1000);
    assert.equal((await readTextFile(path, 1001)).length, 1001);
  });

  it('reads to the end a file longer than stat says (a /proc file says 0 bytes), and a file of many megabytes whole', async () => {
    const status = await readTextFile('/proc/self/status', 1_000_000);
    assert.match(status, /^Name:\t/);
    assert.match(status, /\nPid:\t\d+\n[\s\S]*\n$/);
    const path = join(folder, 'large.probe.jsonl');
    const text = `${'{"port":10000}\n'.repeat(300_000)}end`;
    writeFileSync(path, text);
    assert.equal(await readTextFile(path, 10_000_000), text);
  });

  it('says "no such file" for a missing file and "it is a folder" for a folder', async () => {
    await assert.rejects(readTextFile(join(folder, 'missing.yaml'), 10), /^Error: no such file$|no such file/);
    await assert.rejects(readTextFile(folder, 10), /it is a folder/);
  });
});

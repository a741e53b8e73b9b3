import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseInDialect } from '../../../server/src/engine/dialects/registry';
import type { RuleFileModel } from '../../../server/src/engine/model/types';
import { decodeText } from '../../../server/src/engine/util/decodeText';
import { Draw } from '../../../tools/seededRandom';
import { sourceFolder } from '../../support/engine';

const FIXTURES = ['local-rules.reg', 'gpo-rules.reg', 'regedit4.reg', 'deleted-key.reg'];
const read = (name: string) => readFileSync(join(sourceFolder(__dirname), name), 'utf8');
const parse = (text: string) => parseInDialect({ uri: 'file:///x/sql01.reg', text });

/** Every range of the model lies inside the text, start before end. */
function assertPlaced(model: RuleFileModel, label: string): void {
  const ranges = [
    ...model.problems.map((p) => p.range),
    ...model.unresolved.map((p) => p.range),
    ...model.rules.flatMap((r) => [r.range, ...r.portItems.map((p) => p.range), ...r.from.map((f) => f.range)]),
    model.layout.rulesKeyRange,
    [model.layout.rulesEnd, model.layout.rulesEnd] as const,
  ];
  for (const [start, end] of ranges) assert.ok(start >= 0 && start <= end && end <= model.text.length, `${label}: [${start}, ${end}] in ${model.text.length}`);
}

describe('.reg robustness', () => {
  it('never throws on truncated exports or random garbage spliced in, and keeps every range inside the text', () => {
    const draw = new Draw(7);
    const garbage = ['"', '\\', '|', '=', '[', ']', '[-', '\r\n', '\n', 'hex:00,\\', 'dword:', '@=', ';', 'v2.30|', 'LPort=', '\u0000', '\uffff', 'é', '"x"=-'];
    for (const name of FIXTURES) {
      const text = read(name);
      for (let cut = 0; cut < text.length; cut += 37) assertPlaced(parse(text.slice(0, cut)), `${name} cut at ${cut}`);
      for (let round = 0; round < 200; round++) {
        let mangled = text;
        for (let edits = draw.int(1, 5); edits > 0; edits--) {
          const at = draw.int(0, mangled.length);
          mangled = mangled.slice(0, at) + draw.pick(garbage) + mangled.slice(at + draw.int(0, 3));
        }
        assertPlaced(parse(mangled), `${name} round ${round}`);
      }
    }
  });

  it('reads hostile input in bounded time', () => {
    const key = 'Windows Registry Editor Version 5.00\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\FirewallRules]\n';
    const hostile = [
      `${key}"r"="v2.30|${'|'.repeat(200_000)}"\n`,
      `${key}"r"="v2.30|${'\\\\'.repeat(100_000)}|"\n`,
      `${key}"r"="v2.30|Name=${'x'.repeat(1_000_000)}\n`,
      `${key}${'"r"="v2.30|LPort=1|"\n'.repeat(20_000)}`,
      `${key}"h"=hex:${'00,\\\n'.repeat(50_000)}`,
      `${'[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall]\n'.repeat(5_000)}`,
    ];
    for (const text of hostile) {
      const started = Date.now();
      assertPlaced(parse(text), text.slice(0, 40));
      assert.ok(Date.now() - started < 3000, `${text.length} characters read in ${Date.now() - started} ms`);
    }
  });

  it('reads a UTF-16LE export with a byte-order mark, as regedit writes it, like its UTF-8 text', () => {
    const text = read('gpo-rules.reg');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const decoded = decodeText(bytes);
    assert.ok('text' in decoded);
    assert.equal(decoded.text, text);
    const model = parse(decoded.text);
    assert.deepEqual(model.rules.map((r) => r.name), ['BE data range (GPO)', 'No RDP from outside 10/8', 'Backup Exec NDMP (local)']);
    assert.deepEqual(model.problems, []);
  });
});

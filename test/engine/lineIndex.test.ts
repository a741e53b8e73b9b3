import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../server/src/engine/util/lineIndex';

describe('LineIndex (offsets to LSP positions for checked texts)', () => {
  it('agrees with vscode-languageserver-textdocument on every offset and position, with LF, CRLF, lone CR and surrogate pairs', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'é', '😀', '\n', '\r', '\r\n', ' '), maxLength: 40 });
    fc.assert(
      fc.property(text, (value) => {
        const index = new LineIndex(value);
        const document = TextDocument.create('file:///x', 'yaml', 0, value);
        for (let offset = -1; offset <= value.length + 1; offset++) assert.deepEqual(index.positionAt(offset), document.positionAt(offset), `offset ${offset}`);
        for (let line = -1; line <= document.lineCount + 1; line++) {
          for (let character = -1; character < 6; character++) assert.equal(index.offsetAt({ line, character }), document.offsetAt({ line, character }), `${line}:${character}`);
        }
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('answers the same whatever order positions are asked in (it indexes only as far as asked)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '\n', '\r', '\r\n'), maxLength: 60 });
    const query = fc.oneof(fc.record({ offset: fc.integer({ min: -1, max: 62 }) }), fc.record({ line: fc.integer({ min: -1, max: 62 }), character: fc.integer({ min: -1, max: 4 }) }));
    fc.assert(
      fc.property(text, fc.array(query, { maxLength: 20 }), (value, queries) => {
        const index = new LineIndex(value);
        const document = TextDocument.create('file:///x', 'yaml', 0, value);
        for (const q of queries) {
          if ('offset' in q) assert.deepEqual(index.positionAt(q.offset), document.positionAt(q.offset));
          else assert.equal(index.offsetAt(q), document.offsetAt(q));
        }
      }),
      { seed: 42, numRuns: 1000 },
    );
  });
});

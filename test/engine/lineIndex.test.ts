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
});

import type { Position, Range, TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver';
import { LineIndex } from '../engine';

/**
 * An open document whose incremental changes cost what they touch, not what
 * the file holds. vscode-languageserver-textdocument rebuilds the whole string
 * and shifts every later line offset on each change: 9 ms per change on a
 * 50,000-rule file, so 1,000 queued keystrokes kept a hover waiting 8.9 s.
 * Here the text is kept in blocks of whole lines (about BLOCK_SIZE characters
 * each): a change walks the block list (one entry per 16 KB, by line counts)
 * to the blocks it touches and rebuilds those only: 0.2 ms on that file.
 * The whole string and its line table are made when someone asks for them
 * (a check, a hover), once per version however many changes came in between.
 * Positions mean what they mean in TextDocument.update, clamping included.
 */
const BLOCK_SIZE = 16 * 1024;

interface Block {
  readonly text: string;
  /** Line breaks in the text (LF, CRLF, or a lone CR). Every block but the last ends with one. */
  readonly breaks: number;
}

export class EditableDocument {
  /** Made at the first incremental change: a document only read never pays for them. */
  private blocks: Block[] | undefined;
  private text: string | undefined;
  private lines: LineIndex | undefined;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    private currentVersion: number,
    text: string,
    /** BLOCK_SIZE in the server; a few characters in tests, so that every change meets block boundaries. */
    private readonly blockSize = BLOCK_SIZE,
  ) {
    this.text = text;
  }

  get version(): number {
    return this.currentVersion;
  }

  getText(): string {
    return (this.text ??= this.blocks!.map((block) => block.text).join(''));
  }

  positionAt(offset: number): Position {
    return this.index().positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.index().offsetAt(position);
  }

  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if ('range' in change && change.range) this.replace(change.range, change.text);
      else {
        this.blocks = undefined;
        this.text = change.text;
      }
      this.lines = undefined;
    }
    this.currentVersion = version;
  }

  private index(): LineIndex {
    return (this.lines ??= new LineIndex(this.getText()));
  }

  private replace(range: Range, newText: string): void {
    const blocks = (this.blocks ??= toBlocks(this.getText(), this.blockSize));
    this.text = undefined;
    const reversed = range.start.line > range.end.line || (range.start.line === range.end.line && range.start.character > range.end.character);
    const from = locate(blocks, reversed ? range.end : range.start);
    const to = locate(blocks, reversed ? range.start : range.end);
    let first = from.block;
    const last = to.block;
    let region = blocks.slice(first, last + 1).map((block) => block.text).join('');
    const tail = region.length - (blocks[last].text.length - to.offset);
    region = region.slice(0, from.offset) + newText + region.slice(tail);
    // An LF now following the CR that ends the block before joins it as one line break: the two are cut again together.
    // (The region ends as its last block did, with a break that pairs with nothing after it.)
    if (first > 0 && blocks[first - 1].text.endsWith('\r') && region.startsWith('\n')) region = blocks[--first].text + region;
    blocks.splice(first, last - first + 1, ...toBlocks(region, this.blockSize));
  }
}

/** What TextDocuments needs to keep EditableDocuments. */
export const EDITABLE_DOCUMENTS: TextDocumentsConfiguration<EditableDocument> = {
  create: (uri, languageId, version, text) => new EditableDocument(uri, languageId, version, text),
  update: (document, changes, version) => {
    document.update(changes, version);
    return document;
  },
};

/** Where a position lies: its block and the offset in that block, clamped as TextDocument.offsetAt clamps. */
function locate(blocks: readonly Block[], position: Position): { block: number; offset: number } {
  if (position.line < 0) return { block: 0, offset: 0 };
  let line = position.line;
  for (let index = 0; index < blocks.length; index++) {
    const { text, breaks } = blocks[index];
    // A block that ends with a break holds `breaks` lines; the last one holds one more, the document's last line.
    if (line < breaks || (line === breaks && index === blocks.length - 1)) {
      const start = lineStart(text, line);
      const end = lineEnd(text, start);
      return { block: index, offset: position.character <= 0 ? start : Math.min(start + position.character, end) };
    }
    line -= breaks;
  }
  // A line past the end is the end of the document.
  return { block: blocks.length - 1, offset: blocks[blocks.length - 1].text.length };
}

/** Where the `line`-th line (from 0) of `text` starts. */
function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let found = 0; found < line; found++) offset = afterBreak(text, lineEnd(text, offset));
  return offset;
}

/** Where the line starting at `start` ends, before its line break (or at the end of the text). */
function lineEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
  return end;
}

/** Past the line break at `end` (CRLF is one). */
function afterBreak(text: string, end: number): number {
  return end + (text.startsWith('\r\n', end) ? 2 : 1);
}

function countBreaks(text: string): number {
  let breaks = 0;
  for (let end = lineEnd(text, 0); end < text.length; end = lineEnd(text, afterBreak(text, end))) breaks++;
  return breaks;
}

/**
 * `text` cut after line breaks into blocks of `size` to 1.5 × `size`
 * characters; a long line makes its block longer, and the last may be shorter.
 */
function toBlocks(text: string, size: number): Block[] {
  const cuts = [0];
  let start = 0;
  while (text.length - start > size + size / 2) {
    const end = lineEnd(text, start + size);
    // No cut at the very end: an empty block between two others would part a CR from its LF.
    if (end >= text.length || afterBreak(text, end) === text.length) break;
    start = afterBreak(text, end);
    cuts.push(start);
  }
  cuts.push(text.length);
  return cuts.slice(1).map((end, i) => {
    const piece = text.slice(cuts[i], end);
    return { text: piece, breaks: countBreaks(piece) };
  });
}

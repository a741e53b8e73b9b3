import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Location, Range } from 'vscode-languageserver-types';
import type { OffsetRange, Place } from '../engine';

/**
 * Offsets to positions for any file the engine has seen, open or not. Line
 * tables are kept per text, so a file is indexed once however often it is asked for.
 */
export class PositionConverter {
  private readonly byUri = new Map<string, TextDocument>();

  constructor(private readonly textOf: (uri: string) => string | undefined) {}

  document(uri: string): TextDocument | undefined {
    const text = this.textOf(uri);
    if (text === undefined) return undefined;
    let document = this.byUri.get(uri);
    if (!document || document.getText() !== text) this.byUri.set(uri, (document = TextDocument.create(uri, 'yaml', 0, text)));
    return document;
  }

  range(uri: string, range: OffsetRange): Range | undefined {
    const document = this.document(uri);
    return document && { start: document.positionAt(range[0]), end: document.positionAt(range[1]) };
  }

  location(place: Place): Location | undefined {
    const range = this.range(place.uri, place.range);
    return range && { uri: place.uri, range };
  }
}

/**
 * Bytes to text the way Windows tools write them: UTF-8 (with or without a
 * byte-order mark) or UTF-16 with its mark (PowerShell 5.1's Out-File and `>`
 * write UTF-16LE with a BOM). Anything else is refused with a sentence that
 * names the encoding, rather than read as garbage or as an empty file.
 */
export type Decoded = { readonly text: string } | { readonly error: string };

const UTF8_BOM = [0xef, 0xbb, 0xbf];

export function decodeText(bytes: Uint8Array): Decoded {
  if (startsWith(bytes, UTF8_BOM)) return strictUtf8(bytes.subarray(3));
  if (startsWith(bytes, [0xff, 0xfe])) return utf16(bytes.subarray(2), 'utf-16le');
  if (startsWith(bytes, [0xfe, 0xff])) return utf16(bytes.subarray(2), 'utf-16be');
  return strictUtf8(bytes);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

function strictUtf8(bytes: Uint8Array): Decoded {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { error: 'the file is not valid UTF-8 and has no byte-order mark; save it as UTF-8, or as UTF-16 with a byte-order mark' };
  }
}

function utf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): Decoded {
  if (bytes.length % 2 !== 0) return { error: `the file starts with a ${encoding.toUpperCase()} byte-order mark but has an odd number of bytes; save it again` };
  try {
    return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes) };
  } catch {
    return { error: `the file starts with a ${encoding.toUpperCase()} byte-order mark but is not valid ${encoding.toUpperCase()}; save it again` };
  }
}

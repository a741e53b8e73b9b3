/**
 * Bytes to text the way Windows tools write them: UTF-8 (with or without a
 * byte-order mark) or UTF-16 with its mark (PowerShell 5.1's Out-File and `>`
 * write UTF-16LE with a BOM), and UTF-16 without its mark, which tools that
 * copy a .reg export's lines write (told by the zero high bytes of its text,
 * a byte UTF-8 text does not hold). Anything else is refused with a sentence that
 * names the encoding, rather than read as garbage or as an empty file.
 */
export type Decoded = { readonly text: string } | { readonly error: string };

const UTF8_BOM = [0xef, 0xbb, 0xbf];

export function decodeText(bytes: Uint8Array): Decoded {
  if (startsWith(bytes, UTF8_BOM)) return strictUtf8(bytes.subarray(3));
  if (startsWith(bytes, [0xff, 0xfe])) return utf16(bytes.subarray(2), 'utf-16le');
  if (startsWith(bytes, [0xfe, 0xff])) return utf16(bytes.subarray(2), 'utf-16be');
  const unmarked = unmarkedUtf16(bytes);
  return unmarked ? utf16(bytes, unmarked, 'looks like') : strictUtf8(bytes);
}

/** How many leading bytes are looked at to tell UTF-16 without a mark. */
const SAMPLE = 512;

/** UTF-16 without a mark: in its first characters, at least half the bytes on one side are zero, and almost none on the other. */
function unmarkedUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const length = Math.min(bytes.length, SAMPLE) & ~1;
  if (length < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = length / 2;
  if (oddZeros >= pairs / 2 && evenZeros <= pairs / 10) return 'utf-16le';
  if (evenZeros >= pairs / 2 && oddZeros <= pairs / 10) return 'utf-16be';
  return undefined;
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

function utf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be', how: 'starts with' | 'looks like' = 'starts with'): Decoded {
  const said = how === 'starts with' ? `the file starts with a ${encoding.toUpperCase()} byte-order mark` : `the file looks like ${encoding.toUpperCase()} without a byte-order mark`;
  if (bytes.length % 2 !== 0) return { error: `${said} but has an odd number of bytes; save it again` };
  try {
    return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes) };
  } catch {
    return { error: `${said} but is not valid ${encoding.toUpperCase()}; save it again` };
  }
}

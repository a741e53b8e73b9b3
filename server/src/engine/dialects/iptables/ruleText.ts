import type { GeneratedRule } from '../types';
import { MULTIPORT_LIMIT } from './ports';

/**
 * How befw writes an accept rule in iptables-restore syntax, for fixes and generated files alike:
 * `-A CHAIN -p tcp [-s src] [-d dst] --dport N -m comment --comment "name" -j ACCEPT`.
 * iptables(8): `-s`/`-d` take comma lists ("Multiple addresses can be specified, but this will
 * expand to multiple rules"); ranges are `a:b` (FORMATS.md 2a).
 */

export function acceptLines(rule: GeneratedRule, chain: string): string[] {
  const addresses = [rule.sources.length > 0 ? ` -s ${rule.sources.join(',')}` : '', rule.destinations.length > 0 ? ` -d ${rule.destinations.join(',')}` : ''].join('');
  const comment = ` -m comment --comment ${saveQuoted(commentText(rule.name))}`;
  return portChunks(rule.ports).map((ports) => `-A ${chain} -p ${rule.protocol}${addresses}${portMatch(ports)}${comment} -j ACCEPT`);
}

/** `--dport N` for one port or range, `-m multiport --dports a,b:c` for several. */
function portMatch(ports: readonly string[]): string {
  return ports.length === 1 ? ` --dport ${ports[0]}` : ` -m multiport --dports ${ports.join(',')}`;
}

/**
 * Ports (`n`, `a-b`) as iptables writes them (`n`, `a:b`), in lists multiport accepts: FORMATS.md 2a,
 * "Up to 15 ports can be specified. A port range (port:port) counts as two ports." Longer lists
 * are split, one rule per list.
 */
export function portChunks(ports: readonly string[]): string[][] {
  const chunks: string[][] = [];
  let chunk: string[] = [];
  let counted = 0;
  for (const port of ports) {
    const written = port.replace('-', ':');
    const weight = written.includes(':') ? 2 : 1;
    if (counted + weight > MULTIPORT_LIMIT) {
      chunks.push(chunk);
      chunk = [];
      counted = 0;
    }
    chunk.push(written);
    counted += weight;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** Characters iptables-save writes without quotes (NOTES.md: `simple` stayed bare, anything else was quoted). */
const BARE = /^[A-Za-z0-9_-]+$/;

/** A value as iptables-save writes it (NOTES.md): bare when it can be, else in double quotes with `"`, `\` and `'` escaped. */
export function saveQuoted(value: string): string {
  return BARE.test(value) ? value : `"${value.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

/** The kernel keeps 255 bytes of a comment and drops the rest silently (NOTES.md). */
const COMMENT_BYTES = 255;

/** A rule name as a comment: one line (control characters as spaces), cut to what the kernel keeps, at a character's end. */
export function commentText(name: string): string {
  let bytes = 0;
  let kept = '';
  for (const character of name.replace(/[\u0000-\u001f\u007f]/g, ' ')) {
    const code = character.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (bytes > COMMENT_BYTES) break;
    kept += character;
  }
  return kept;
}

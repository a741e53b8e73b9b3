import type { SyntaxProblem } from '../../model/types';
import type { PortSpec, Token } from './tree';

/**
 * Port values of the tcp, udp and multiport matches.
 * FORMATS.md 2a: ranges are written `a:b` (not `a-b`); `--dport` also takes open ends `:80` and
 * `90:`; multiport takes "Up to 15 ports … A port range (port:port) counts as two ports", and 65536
 * fails (libxt_multiport.t). iptables-restore v1.8.9 here also refused `--sports :80` in multiport
 * and `90:80` ("invalid portrange (min > max)"), and accepted port 0 and names such as `ssh` (NOTES.md).
 */

export const HIGHEST_PORT = 65535;
/** FORMATS.md 2a: multiport allows at most 15 ports, a range counts as two. */
export const MULTIPORT_LIMIT = 15;

const isDigit = (code: number) => code >= 48 && code <= 57;
const isNameCharacter = (code: number) =>
  (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || isDigit(code) || code === 45 || code === 95 || code === 46 || code === 47 || code === 43;

type Bound = { port?: number; service?: string; problem?: string };

/** One side of a range: digits (bounded length, so a 1 MB number is not converted), or a service name. */
function bound(text: string): Bound {
  if (text.length === 0) return { problem: 'a port is missing' };
  let digits = true;
  let name = !isDigit(text.charCodeAt(0));
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) digits = false;
    if (!isNameCharacter(code)) name = false;
  }
  if (digits) {
    const port = text.length > 6 ? Infinity : Number(text);
    return port > HIGHEST_PORT ? { problem: `port ${short(text)} is out of range (0-${HIGHEST_PORT})` } : { port };
  }
  if (name) return { service: text };
  return { problem: `"${short(text)}" is not a port number or a service name` };
}

const short = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** A port or `a:b` range; `openEnds` allows `:b` and `a:` (tcp/udp `--dport`, `--sport`). */
export function readPort(item: Token, openEnds: boolean, problems: SyntaxProblem[]): PortSpec {
  const colon = item.text.indexOf(':');
  if (colon === -1) {
    const single = bound(item.text);
    if (single.problem) problems.push({ message: single.problem, range: item.range });
    return { text: item.text, range: item.range, first: single.port, last: single.port, service: single.service };
  }
  const left = item.text.slice(0, colon);
  const right = item.text.slice(colon + 1);
  if ((left === '' || right === '') && !openEnds) {
    problems.push({ message: `"${short(item.text)}": multiport takes no open-ended range; write both ends`, range: item.range });
    return { text: item.text, range: item.range };
  }
  const low = left === '' ? { port: 0 } : bound(left);
  const high = right === '' ? { port: HIGHEST_PORT } : bound(right);
  const problem = low.problem ?? high.problem;
  if (problem) {
    problems.push({ message: problem, range: item.range });
    return { text: item.text, range: item.range };
  }
  if (low.port !== undefined && high.port !== undefined && low.port > high.port) {
    problems.push({ message: `port range ${short(item.text)} runs backwards (iptables refuses min > max)`, range: item.range });
    return { text: item.text, range: item.range };
  }
  // A range with a service name at either end is kept as text: only the host can resolve it.
  if (low.port === undefined || high.port === undefined) return { text: item.text, range: item.range };
  return { text: item.text, range: item.range, first: low.port, last: high.port };
}

/** How many ports multiport counts for these items: one each, two for a range. */
export function multiportCount(items: readonly Token[]): number {
  let count = 0;
  for (const item of items) count += item.text.includes(':') ? 2 : 1;
  return count;
}

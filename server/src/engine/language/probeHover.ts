import type { Catalog } from '../catalog/catalog';
import { markedRange, parseJson, type JsonEntry, type JsonObject } from '../parse/jsonTree';
import type { AgentKind } from '../knowledge/services';
import type { OffsetRange } from '../model/types';
import { observedAt } from '../probe/observationText';
import { timeOf } from '../probe/parseObservations';
import { DAY_MS, DEFAULT_OBSERVATION_MAX_AGE_DAYS, OBSERVATION_AHEAD_TOLERANCE_MS, type ProbeResult } from '../probe/types';
import type { CheckReport } from '../service';
import { md } from './markdown';
import { describePorts } from './portFacts';

/** A line of a `*.probe.jsonl` file under the cursor, with what explains its values. */
export interface ProbeHoverInput {
  readonly catalog: Catalog;
  /** The check of a manifest that reads the file: its hosts and flows say what a port is for there. */
  readonly report?: CheckReport;
  readonly text: string;
  readonly offset: number;
  /** Milliseconds since 1970: what an observation's age is measured from. */
  readonly now: number;
  /** Observations older than this many days are stale (BEX302). */
  readonly maxAgeDays?: number;
}

const REST_OF_LINE = /[^\r\n]*/y;

/**
 * What each result means. A reset proves the way was open only as far as
 * whoever sent it, and some firewalls send one; a timeout covers an ICMP
 * unreachable from the way too.
 */
const RESULT_TEXT: Record<ProbeResult, string> = {
  open: 'the connection was made: the network lets this port through, and something listens on it.',
  refused:
    'the host answered with a reset: the network let the connection through as far as the host, and nothing listens on the port (the service is not running, or no job uses this dynamic port now). Some firewalls reject with a reset too, so this does not prove that no firewall is in the way.',
  timeout:
    'no answer in time: the connection did not reach the host. A firewall on the way dropped it, or answered with an ICMP unreachable (`detail` then says which), or the host is down.',
};

/** The meaning of the `result`, `port` or `at` value under the cursor, or undefined elsewhere (or on a line that is not JSON). */
export function probeHover(input: ProbeHoverInput): { markdown: string; range: OffsetRange } | undefined {
  const { text, offset } = input;
  // Lines end as parseObservations ends them: at \n, \r\n or \r.
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  REST_OF_LINE.lastIndex = offset;
  const parsed = parseJson(text.slice(lineStart, offset + REST_OF_LINE.exec(text)![0].length));
  if (parsed.root?.kind !== 'object') return undefined;
  const line = parsed.root;
  const entry = line.entries.find(({ value }) => lineStart + value.range[0] <= offset && offset < lineStart + value.range[1]);
  if (!entry) return undefined;
  const markdown = describeValue(input, line, entry);
  // Marked as its diagnostics mark it: a text inside its quotes.
  const [start, end] = markedRange(entry.value);
  return markdown ? { markdown, range: [lineStart + start, lineStart + end] } : undefined;
}

function describeValue(input: ProbeHoverInput, line: JsonObject, { key, value }: JsonEntry): string | undefined {
  if (key === 'result' && value.kind === 'string' && value.value in RESULT_TEXT) {
    const detail = stringOf(line, 'detail');
    return `**${value.value}**: ${RESULT_TEXT[value.value as ProbeResult]}${detail === undefined ? '' : `\n\nThe probing host said: ${md(detail)}`}`;
  }
  if (key === 'port' && value.kind === 'number' && Number.isInteger(value.value) && (value.value as number) >= 1 && (value.value as number) <= 65535) {
    const port = value.value as number;
    return describePorts(input.catalog, input.report, 'tcp', String(port), { from: port, to: port }, agentOf(input.report, stringOf(line, 'to')));
  }
  if (key === 'at' && value.kind === 'string') return describeTime(input, value.value);
  return undefined;
}

function stringOf(line: JsonObject, key: string): string | undefined {
  const value = line.entries.find((entry) => entry.key === key)?.value;
  return value?.kind === 'string' ? value.value : undefined;
}

/** The agent of the destination when the manifest has it as a remote computer: the port is described for that agent. */
function agentOf(report: CheckReport | undefined, to: string | undefined): AgentKind | undefined {
  const host = report?.manifest?.hosts.find((h) => h.name.value === to);
  return host?.role.value === 'remote-computer' ? host.agent : undefined;
}

/** When it was observed, how long ago, and whether it still counts against the age setting. */
function describeTime(input: ProbeHoverInput, at: string): string | undefined {
  const time = timeOf(at);
  if (Number.isNaN(time)) return undefined;
  const maxAgeDays = input.maxAgeDays ?? DEFAULT_OBSERVATION_MAX_AGE_DAYS;
  const age = input.now - time;
  const when = `**Observed ${md(observedAt(at))}** (the probing host's clock)`;
  if (-age > OBSERVATION_AHEAD_TOLERANCE_MS) return `${when}: ${duration(-age)} ahead of this computer's clock. The probing host's clock was wrong, or the line was edited: it decides nothing (BEX302). Set that clock right and run the probe again.`;
  if (age < 0) return `${when}: ${duration(-age)} ahead of this computer's clock, within the day a clock or time zone may be off: it counts as current.`;
  const rule = `Observations older than ${maxAgeDays} day(s) (setting befw.probe.maxAgeDays) are stale: reported as BEX302 and not compared with the rule files.`;
  const standing = age > maxAgeDays * DAY_MS ? 'This one is stale: run the probe again to see the network as it is now.' : `This one counts for ${duration(maxAgeDays * DAY_MS - age)} more.`;
  return `${when}, ${duration(age)} ago.\n\n${rule} ${standing}`;
}

/** "5 minute(s)", "3 hour(s)", "12 day(s)": the unit that keeps the number short. */
function duration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 120) return `${minutes} minute(s)`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} hour(s)` : `${Math.floor(hours / 24)} day(s)`;
}

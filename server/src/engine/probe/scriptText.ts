import { shellString } from '../collect/linuxCollectorScript';
import { fileNamePart } from '../util/fileNamePart';
import type { ListenPlan, ProbePlan, ProbePort } from './types';

/**
 * What the probe and listener scripts of both dialects share: the words that
 * explain results, the plan as lines of text (the help comment and the
 * script's first output say the same), file names and bash quoting.
 */

export type ProbeDialect = 'powershell' | 'bash';

export const SCRIPT_EXTENSIONS: Readonly<Record<ProbeDialect, string>> = { powershell: '.ps1', bash: '.sh' };

/** A script as befw writes it, and the name it suggests for it. */
export interface WrittenScript {
  readonly text: string;
  readonly scriptFile: string;
}

/** "befw-probe-be01.sh": the name a script suggests for itself. */
export function scriptFileName(kind: 'probe' | 'listen', host: string, dialect: ProbeDialect): string {
  return `befw-${kind}-${fileNamePart(host)}${SCRIPT_EXTENSIONS[dialect]}`;
}

/** What each result means, as every text that explains results says it (docs/probe.md). */
export function resultMeanings(timeoutSeconds: number): string[] {
  return [
    'open     connected: the network lets the connection through, and something listens there.',
    'refused  the host answered with a reset: the connection reached the host, and nothing listens',
    '         on that port. Some firewalls reject with a reset too, so it does not prove that no',
    '         firewall is in the way.',
    `timeout  no answer within ${timeoutSeconds} seconds, or a firewall on the way answered "unreachable"`,
    '         (detail then says which): the connection did not reach the host.',
  ];
}

/** The destinations and ports a probe script tests, one line per destination and one per group of ports. */
export function targetLines(plan: ProbePlan): string[] {
  return plan.targets.flatMap((target) => [`${target.to} at ${target.address}:`, ...portGroups(target.ports).map((line) => `  ${line}`)]);
}

/** The flows a probe script does not test, and why. */
export function skipLines(plan: ProbePlan): string[] {
  return plan.skipped.map((skip) => `${skip.to}: ${skip.what}: ${skip.reason}`);
}

/** The ports a listener script opens, grouped as the probes' samples are, with the hosts that connect. */
export function listenLines(plan: ListenPlan): string[] {
  return portGroups(plan.ports);
}

/** "TCP 50100, 50112 (samples of 50100-50149): Remote Agent data connections, from be01": ports that stand for the same services together. */
function portGroups(ports: readonly (ProbePort & { from?: readonly string[] })[]): string[] {
  const groups = new Map<string, number[]>();
  for (const port of ports) {
    const sample = port.sampleOf ? ` (samples of ${port.sampleOf})` : '';
    const from = port.from ? `, from ${port.from.join(', ')}` : '';
    const key = `${sample}: ${port.services.join(', ')}${from}`;
    groups.set(key, [...(groups.get(key) ?? []), port.port]);
  }
  return [...groups].map(([key, numbers]) => `TCP ${numbers.join(', ')}${key}`);
}

/**
 * A bash word holding `value`, in ASCII: printable ASCII single-quoted; anything
 * else as ANSI-C quoting ($'...') with every other byte of its UTF-8 as \xHH,
 * so the script stays ASCII and the value arrives byte for byte.
 */
export function bashString(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return shellString(value);
  let quoted = '';
  for (const byte of new TextEncoder().encode(value)) {
    const char = String.fromCharCode(byte);
    quoted += byte >= 0x20 && byte < 0x7f && char !== "'" && char !== '\\' ? char : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `$'${quoted}'`;
}

/** What a listener script is for and what its output means, as both dialects' help says it. */
export function listenerPurpose(plan: ListenPlan): string[] {
  return [
    'Nothing listens on a port of a dynamic range while no Backup Exec job runs, so a probe there',
    'proves nothing. This script opens a temporary listener on each port below, the same samples the',
    `probe scripts of the hosts that connect here test, for ${plan.minutes} minute(s), prints each connection`,
    'it accepts (from which address, to which port) and closes them all at the end, or on Ctrl-C.',
    'Run it on this host first, then the probe scripts on the hosts named below.',
    'Ports Backup Exec itself listens on (its fixed ports) are not opened: a probe tests them as they are.',
  ];
}

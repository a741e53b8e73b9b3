/**
 * Port names nft may print for the ports befw's catalog uses (FORMATS.md 2b: `nft -S`, and older nft
 * by default, print ports by the /etc/services name of the host that listed them: `tcp dport ndmp`).
 *
 * The mapping differs per system: this machine's /etc/services (Debian 12) names 10000 `webmin`, not
 * `ndmp`, and an admin may move `ndmp` to another port (ADMIN20: the control port is changed by editing
 * the `ndmp` entry). So only the names the cited sources give are read here; any other name is known
 * only on the host that printed it, and the rule that uses it is not guessed (rules.ts).
 */

interface ServiceName {
  readonly port: number;
  /** The protocols the source lists the name for. */
  readonly protocols: readonly ('tcp' | 'udp')[];
}

const SERVICE_NAMES: ReadonlyMap<string, ServiceName> = new Map([
  // FORMATS.md 2b: `ndmp 10000/tcp` and `ndmp 10000/udp` in common /etc/services files (grep capture);
  // the RALUS-on-Ubuntu how-to adds `ndmp 10000/tcp`; FACTS.md: the agent's control port is that entry.
  ['ndmp', { port: 10000, protocols: ['tcp', 'udp'] }],
  // FORMATS.md 2b: the RALUS-on-Ubuntu how-to adds `grfs 6101/tcp # Symantec Backup Exec Agent` (community).
  ['grfs', { port: 6101, protocols: ['tcp'] }],
  // FACTS.md, further facts: IANA registers TCP/UDP 3527 as `beserver-msg-q`.
  ['beserver-msg-q', { port: 3527, protocols: ['tcp', 'udp'] }],
  // IANA Service Name and Transport Protocol Port Number Registry: http 80, https 443 (tcp and udp).
  ['http', { port: 80, protocols: ['tcp', 'udp'] }],
  ['https', { port: 443, protocols: ['tcp', 'udp'] }],
]);

/**
 * The port a printed name (as written: /etc/services names are matched exactly) stands for under `protocol` (undefined for `th dport`: the name must then
 * mean the same port for TCP and UDP), or undefined when no cited source gives it.
 */
export function servicePort(name: string, protocol: 'tcp' | 'udp' | undefined): number | undefined {
  const entry = SERVICE_NAMES.get(name);
  if (!entry) return undefined;
  const fits = protocol ? entry.protocols.includes(protocol) : entry.protocols.length === 2;
  return fits ? entry.port : undefined;
}

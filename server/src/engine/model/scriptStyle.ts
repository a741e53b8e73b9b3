/** How a Windows firewall script writes its commands, so a fix or generator writes the next one alike. */

/** How a command is written, so a fix or generator writes the next one alike. */
export interface ScriptStyle {
  /** The text before the first parameter, e.g. `netsh advfirewall firewall add rule` or `New-NetFirewallRule`. */
  readonly prefix: string;
  /** Canonical parameter names (see CANONICAL_PARAMETERS) in the order written. */
  readonly parameterOrder: readonly CanonicalParameter[];
  readonly quote: '"' | "'";
  /** The leading whitespace of the command's first line. */
  readonly indent: string;
}

export const CANONICAL_PARAMETERS = [
  'name',
  'description',
  'direction',
  'action',
  'protocol',
  'localport',
  'remoteport',
  'localip',
  'remoteip',
  'program',
  'service',
  'profile',
  'enabled',
] as const;
export type CanonicalParameter = (typeof CANONICAL_PARAMETERS)[number];

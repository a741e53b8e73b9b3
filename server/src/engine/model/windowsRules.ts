/** A predefined-rule group a script turns on is kept as "group:<name>" among a rule's Windows rules. */
export const GROUP_PREFIX = 'group:';

/** Whether a predefined rule a file turns on (by display name, or by its group) is the required one. */
export function windowsRuleMatches(written: string, required: string): boolean {
  const want = required.trim().toLowerCase();
  const have = written.trim().toLowerCase();
  if (!have.startsWith(GROUP_PREFIX)) return have === want;
  // A group turns on every rule in it: "Windows Management Instrumentation (WMI)" holds "… (WMI-In)".
  const name = have.slice(GROUP_PREFIX.length).trimEnd();
  // "… (WMI)" names the group by its members' common prefix.
  const open = name.endsWith(')') ? name.lastIndexOf('(') : -1;
  const group = open > 0 ? name.slice(0, open).trimEnd() : name;
  return want === group || want.startsWith(`${group} (`);
}

import { yamlScalar } from '../dialects/yaml/edits';
import { fileNamePart } from '../util/fileNamePart';

/**
 * The POSIX shell script `befw collect --dialect bash` writes for one Linux host of a manifest
 * (docs/collector.md, "Linux hosts"): run there, it saves whichever firewall the host has into
 * files befw reads, under fixed names the Linux dialects know, and prints the manifest lines that
 * name them. It only reads: the firewall tools' listing commands and a few files under /etc and
 * /usr/lib.
 */

/** What each file the script writes holds, as `<prefix><suffix>` (a zone: `<prefix>.<zone><zone suffix>`). */
export const LINUX_CAPTURE_SUFFIXES = {
  /** `iptables-save`. */
  iptables: '.iptables',
  /** `ip6tables-save`. */
  ip6tables: '.ip6tables',
  /** `nft list ruleset`. */
  nftables: '.nft',
  /** `firewall-cmd --get-default-zone` and `--get-active-zones`: which zones apply; not a rule file. */
  firewalldZones: '.firewalld-zones.txt',
  /** A firewalld zone's XML, after `<prefix>.<zone>`. */
  zone: '.zone.xml',
  /** /etc/ufw/user.rules. */
  ufwRules: '.user.rules',
  /** /etc/ufw/user6.rules. */
  ufwRules6: '.user6.rules',
  /** /etc/default/ufw, which the ufw dialect recognises by its content. */
  ufwDefaults: '.default-ufw',
} as const;

export interface LinuxCollectorScript {
  /** The script, with Unix line ends. */
  readonly text: string;
  /** What every file it writes starts with: the host's name as a file name. */
  readonly filePrefix: string;
  /** The name the script suggests for itself. */
  readonly scriptFile: string;
}

export interface LinuxCollectorTarget {
  /** The manifest's name of the host. */
  readonly host: string;
  /** The name of the host firewall in the printed manifest lines. */
  readonly firewallName: string;
  /** The manifest's file name, for the script's help. */
  readonly manifestName: string;
}

/** The script for one Linux host; every name in it is data, quoted, never run. */
export function linuxCollectorScript({ host, firewallName, manifestName }: LinuxCollectorTarget): LinuxCollectorScript {
  const prefix = fileNamePart(host);
  const scriptFile = `befw-collect-${prefix}.sh`;
  const file = (suffix: string) => `${prefix}${suffix}`;
  const s = LINUX_CAPTURE_SUFFIXES;
  const manifestLines = ['firewalls:', `  - name: ${yamlScalar(firewallName)}`, `    host: ${yamlScalar(host)}`];
  const lines = [
    '#!/bin/sh',
    '# befw collect: saves the firewall rules of this Linux host into files befw check reads.',
    `# Made by "befw collect --dialect bash" for the host ${commentText(host)} of the manifest ${commentText(manifestName)}.`,
    '#',
    `# Usage: sudo sh ${scriptFile} [folder]`,
    '#   Writes the files into the folder (default: the folder this script is in), then prints on',
    '#   standard output the manifest lines (YAML) that name them; progress goes to standard error.',
    '#',
    '# It saves whichever of these this host has:',
    `#   ${file(s.iptables)}  iptables-save`,
    `#   ${file(s.ip6tables)}  ip6tables-save`,
    `#   ${file(s.nftables)}  nft list ruleset`,
    `#   ${file(s.firewalldZones)}  firewall-cmd --get-default-zone and --get-active-zones`,
    `#   ${prefix}.<zone>${s.zone}  each of those zones, from /etc/firewalld/zones, else /usr/lib/firewalld/zones`,
    `#   ${file(s.ufwRules)}, ${file(s.ufwRules6)}, ${file(s.ufwDefaults)}  /etc/ufw/user.rules, /etc/ufw/user6.rules, /etc/default/ufw`,
    '# firewalld and ufw only when they are running (firewall-cmd --state, ufw status): otherwise their',
    '# files are not in effect.',
    '#',
    '# It changes nothing on this host: besides those commands it runs only id, uname, cat, and rm on',
    '# its own file when a command fails; it writes only the files above. It needs no internet',
    '# connection and sends nothing anywhere.',
    '# iptables-save, ip6tables-save, nft and ufw status need root: run as another user, it says what',
    '# it could not read and saves the rest.',
    '#',
    '# Exit code: 0 when something was saved, 1 when nothing was, 2 when the folder cannot be written.',
    '# BEFW_ROOT (for testing only): a folder read in place of / for the files under /etc and /usr/lib.',
    '',
    'set -u',
    '# No file name expansion: zone names read from firewall-cmd are data.',
    'set -f',
    '',
    `manifest_host=${shellString(commentText(host))}`,
    `prefix=${shellString(prefix)}`,
    'root=${BEFW_ROOT:-}',
    'folder=${1:-}',
    'if [ -z "$folder" ]; then',
    '  case $0 in */*) folder=${0%/*} ;; *) folder=. ;; esac',
    'fi',
    "newline='",
    "'",
    "files=''",
    "notes=''",
    '',
    "say() { printf 'befw: %s\\n' \"$*\" >&2; }",
    '',
    '# A rule file of the manifest lines.',
    'keep() { files=${files:+$files, }$1; }',
    '',
    'if [ ! -d "$folder" ] || [ ! -w "$folder" ]; then',
    '  say "cannot write into the folder $folder: give a folder you can write to as the first argument"',
    '  exit 2',
    'fi',
    'say "reading the firewall rules of $(uname -n), the host $manifest_host of the manifest; nothing on this host is changed."',
    'say "where present it runs iptables-save, ip6tables-save, nft list ruleset, firewall-cmd and ufw status, copies the firewalld zones in use and ufw\'s rules, and writes them into $folder"',
    "root_hint=''",
    'if [ "$(id -u)" != 0 ]; then',
    "  root_hint=' (it needs root: run this script with sudo)'",
    '  say "not running as root: iptables-save, ip6tables-save, nft and ufw status need root and may fail; the rest is read"',
    'fi',
    '',
    '# capture FILE COMMAND [ARGUMENT...]: what the command prints, into FILE. A failure is said and',
    '# its file removed; what the command says on standard error is passed on.',
    'capture() {',
    '  target=$1',
    '  shift',
    '  if ! command -v "$1" >/dev/null 2>&1; then',
    '    say "$1: not installed here, skipped"',
    '    return',
    '  fi',
    '  if problem=$("$@" 2>&1 >"$folder/$target"); then',
    '    keep "$target"',
    '    if [ -s "$folder/$target" ]; then say "wrote $target ($*)"; else say "wrote $target ($*): empty, no rules are loaded"; fi',
    '    if [ -n "$problem" ]; then say "$1 said: $problem"; fi',
    '  else',
    '    status=$?',
    '    rm -f -- "$folder/$target"',
    '    say "$* failed (exit $status)$root_hint: $problem"',
    '  fi',
    '}',
    '',
    '# copy FILE PATH: a copy of the file at PATH (under BEFW_ROOT when set) as FILE.',
    'copy() {',
    '  if [ ! -e "$root$2" ]; then',
    '    say "$2 does not exist, skipped"',
    '    return',
    '  fi',
    '  if problem=$(cat -- "$root$2" 2>&1 >"$folder/$1"); then',
    '    keep "$1"',
    '    say "wrote $1 (a copy of $2)"',
    '  else',
    '    rm -f -- "$folder/$1"',
    '    say "cannot read $2$root_hint: $problem"',
    '  fi',
    '}',
    '',
    '# The zones firewalld applies: the default zone (interfaces bound to no zone use it) and the',
    '# active zones, each copied from /etc/firewalld/zones, or else from /usr/lib/firewalld/zones where',
    '# firewalld ships its defaults (firewalld.zone(5)).',
    'capture_firewalld() {',
    '  if ! command -v firewall-cmd >/dev/null 2>&1; then',
    '    say "firewall-cmd: not installed here, skipped"',
    '    return',
    '  fi',
    '  # firewall-cmd(1): --state exits 0 when firewalld is running, NOT_RUNNING otherwise.',
    '  if ! state=$(firewall-cmd --state 2>&1); then',
    '    say "firewalld is not running (firewall-cmd --state: $state): its zones are not in effect, skipped"',
    '    return',
    '  fi',
    '  if ! default_zone=$(firewall-cmd --get-default-zone 2>&1); then',
    '    say "firewall-cmd --get-default-zone failed: $default_zone"',
    "    default_zone=''",
    '  fi',
    '  if ! active_zones=$(firewall-cmd --get-active-zones 2>&1); then',
    '    say "firewall-cmd --get-active-zones failed: $active_zones"',
    "    active_zones=''",
    '  fi',
    `  zones_file=$prefix${shellString(s.firewalldZones)}`,
    "  if printf '# firewall-cmd --get-default-zone\\n%s\\n# firewall-cmd --get-active-zones\\n%s\\n' \"$default_zone\" \"$active_zones\" >\"$folder/$zones_file\"; then",
    '    say "wrote $zones_file (the default and the active firewalld zones)"',
    '    notes="$notes# $zones_file: the default and the active firewalld zones when collected; not a rule file.$newline"',
    '  fi',
    "  zones=''",
    '  # firewall-cmd prints a zone at the start of a line, then "  interfaces: ..." and "  sources: ...".',
    '  while IFS= read -r line; do',
    '    case $line in',
    "      '' | [[:space:]]*) continue ;;",
    '    esac',
    '    zone=${line%%[[:space:]]*}',
    '    case " $zones " in',
    '      *" $zone "*) ;;',
    '      *) zones="$zones $zone" ;;',
    '    esac',
    '  done <<EOF',
    '$default_zone',
    '$active_zones',
    'EOF',
    '  for zone in $zones; do',
    '    case $zone in',
    '      .* | *[!A-Za-z0-9_.-]*)',
    '        say "the zone name $zone is not a plain file name, skipped"',
    '        continue',
    '        ;;',
    '    esac',
    '    if [ -e "$root/etc/firewalld/zones/$zone.xml" ]; then',
    `      copy "$prefix.$zone"${shellString(s.zone)} "/etc/firewalld/zones/$zone.xml"`,
    '    elif [ -e "$root/usr/lib/firewalld/zones/$zone.xml" ]; then',
    `      copy "$prefix.$zone"${shellString(s.zone)} "/usr/lib/firewalld/zones/$zone.xml"`,
    '    else',
    '      say "the zone $zone has no file in /etc/firewalld/zones or /usr/lib/firewalld/zones, skipped"',
    '    fi',
    '  done',
    '}',
    '',
    '# ufw\'s rules and defaults, when ufw is active. ufw translates its messages (gettext, as in its',
    "# backend's get_status): LC_ALL=C keeps the English status line compared here.",
    'capture_ufw() {',
    '  if ! command -v ufw >/dev/null 2>&1; then',
    '    say "ufw: not installed here, skipped"',
    '    return',
    '  fi',
    '  if ! status_text=$(LC_ALL=C ufw status 2>&1); then',
    '    say "ufw status failed$root_hint: $status_text"',
    '    return',
    '  fi',
    '  case $status_text in',
    "    'Status: active'*) ;;",
    '    *)',
    '      say "ufw is not active (${status_text%%"$newline"*}): its files are not in effect (iptables-save shows what is), skipped"',
    '      return',
    '      ;;',
    '  esac',
    `  copy "$prefix"${shellString(s.ufwRules)} /etc/ufw/user.rules`,
    `  copy "$prefix"${shellString(s.ufwRules6)} /etc/ufw/user6.rules`,
    `  copy "$prefix"${shellString(s.ufwDefaults)} /etc/default/ufw`,
    '}',
    '',
    `capture "$prefix"${shellString(s.iptables)} iptables-save`,
    `capture "$prefix"${shellString(s.ip6tables)} ip6tables-save`,
    // FORMATS.md Addenda: -S is opt-in on current nft; nft 1.0.6 with -n printed `ct state 0x2,0x4` (tried here).
    '# Plain "list ruleset": nft prints ports as numbers unless -S asks for service names, and -n',
    '# would print connection states as numbers too.',
    `capture "$prefix"${shellString(s.nftables)} nft list ruleset`,
    'capture_firewalld',
    'capture_ufw',
    '',
    'if [ -z "$files" ]; then',
    '  say "nothing was saved: this host has no iptables-save, ip6tables-save or nft that ran, nor a running firewalld or an active ufw whose files could be read$root_hint"',
    '  exit 1',
    'fi',
    'say "done: copy the files beside the manifest and put these lines in its firewalls: (the host firewall of $manifest_host)"',
    "printf '%s' \"$notes\"",
    `printf '%s\\n' ${manifestLines.map(shellString).join(' ')}`,
    "printf '    rules: [%s]\\n' \"$files\"",
    'exit 0',
    '',
  ];
  return { text: lines.join('\n'), filePrefix: prefix, scriptFile };
}

/** A shell single-quoted string holding `value`: nothing in it is expanded; `'` is closed, escaped and reopened. */
export function shellString(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Text for a comment or a message: control characters (a line break would end the comment) as `?`. */
function commentText(value: string): string {
  return value.replace(/[\x00-\x1f\x7f-\x9f]/g, '?');
}


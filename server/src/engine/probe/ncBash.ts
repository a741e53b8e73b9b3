/**
 * The netcat a bash script falls back on, told apart by its help text: OpenBSD nc and ncat keep
 * listening (-k) and connect over IPv6; traditional nc (Hobbit's 1.10, "[v1.10]") does neither;
 * any other (BusyBox, GNU) is taken as it comes. Sets nc_style to OpenBSD, ncat, traditional or other.
 */
export const NC_STYLE = [
  'case $(nc -h 2>&1 </dev/null) in',
  '  *OpenBSD*) nc_style=OpenBSD ;;',
  '  *Ncat*) nc_style=ncat ;;',
  "  *'[v1.'*) nc_style=traditional ;;",
  '  *) nc_style=other ;;',
  'esac',
];

/**
 * The bash listener's nc fallback (listenScriptBash.ts): nc_listen PORT listens until stopped and
 * prints each connection as the python3 listener does, from what each nc says (-v) on stderr.
 * OpenBSD nc and ncat keep listening (-k); any other nc takes one connection and exits, so it
 * is started again, and a connect in that moment is refused.
 */
export const NC_LISTEN = [
  '# nc_said PORT FIRST: reads what nc says and prints it as befw does; fails when nc could not listen.',
  'nc_said() {',
  "  local line last='' connected=no pending='' rest",
  '  while IFS= read -r line; do',
  '    case $line in',
  '      *"in use"*)',
  '        say "port $1: something listens there already"',
  '        return 1',
  '        ;;',
  '      # ncat listens on IPv6, then on IPv4 (which may be taken): its second line.',
  '      "Listening on "* | "Ncat: Listening on 0.0.0.0:"* | "listening on "*)',
  '        # Said once: traditional nc says it again at each new start.',
  '        [ "$2" = yes ] && say "listening on TCP $1"',
  '        ;;',
  '      "Connection received on "*)',
  '        # OpenBSD nc: "Connection received on 10.0.1.10 45330".',
  '        rest=${line#Connection received on }',
  '        connected=yes',
  '        say "connection from ${rest% *} to port $1"',
  '        ;;',
  '      "Ncat: Connection from "*)',
  '        # ncat says each twice: "Ncat: Connection from 10.0.1.10." then "... from 10.0.1.10:45330.".',
  '        rest=${line#Ncat: Connection from }',
  '        rest=${rest%.}',
  '        if [ -n "$pending" ] && [ "${rest%:*}" = "$pending" ]; then',
  "          pending=''",
  '        else',
  '          pending=$rest',
  '          connected=yes',
  '          say "connection from $rest to port $1"',
  '        fi',
  '        ;;',
  '      "connect to ["*)',
  '        # traditional nc: "connect to [10.0.2.20] from (UNKNOWN) [10.0.1.10] 45330".',
  '        rest=${line##*\\[}',
  '        connected=yes',
  '        say "connection from ${rest%%\\]*} to port $1"',
  '        ;;',
  '      ?*) last=$line ;;',
  '    esac',
  '  done',
  '  # nc ended: after its one connection when it does not keep listening; else it failed.',
  '  if [ "$connected$keep_open" = yesno ]; then return 0; fi',
  '  say "port $1: nc cannot listen: ${last##*: }"',
  '  return 1',
  '}',
  '',
  '# nc_listen PORT: listens on PORT until stopped.',
  'nc_listen() {',
  '  local first=yes',
  '  while :; do',
  '    if [ "$keep_open" = yes ]; then',
  '      nc -l -k -v -n "$1" </dev/null 2>&1 >/dev/null | nc_said "$1" "$first" || return',
  '    else',
  '      nc -l -v -n -p "$1" </dev/null 2>&1 >/dev/null | nc_said "$1" "$first" || return',
  '    fi',
  '    first=no',
  '  done',
  '}',
];

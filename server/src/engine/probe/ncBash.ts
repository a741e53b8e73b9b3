/**
 * The netcat a bash script falls back on, told apart by its help text: OpenBSD nc and ncat keep
 * listening (-k) and speak IPv6; traditional nc (Hobbit's 1.10, "[v1.10]") does neither; any
 * other (BusyBox, GNU) is taken as it comes. Sets nc_style to OpenBSD, ncat, traditional or other.
 */
export const NC_STYLE = [
  'case $(nc -h 2>&1 </dev/null) in',
  '  *OpenBSD*) nc_style=OpenBSD ;;',
  '  *Ncat*) nc_style=ncat ;;',
  "  *'[v1.'*) nc_style=traditional ;;",
  '  *) nc_style=other ;;',
  'esac',
];

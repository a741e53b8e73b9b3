/** A host name as a file name: letters, digits, dot, dash and underscore, starting with neither a dot nor a dash (an option to the tools that read it). */
export function fileNamePart(host: string): string {
  return host.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[.-]/, '_') || 'host';
}

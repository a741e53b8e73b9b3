/**
 * The JSON file the befw collector script writes on a Windows host: its name,
 * its marker and its version, shared by the script (collectorScript.ts) and the
 * reader (parse.ts). The format is documented in docs/collector.md and
 * schemas/windows-collector.schema.json.
 */

/** The value of the file's "format" key: what makes a JSON file a collector export. */
export const COLLECTOR_FORMAT = 'befw-windows-firewall';

/** The only version of the format this befw writes and reads. */
export const COLLECTOR_VERSION = 1;

/** How the file's name ends, so that a manifest's `rules:` naming it is read in this dialect. */
export const COLLECTOR_EXTENSION = '.befw-firewall.json';

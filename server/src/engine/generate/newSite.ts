import type { Catalog } from '../catalog/catalog';
import { dialectById } from '../dialects/registry';
import { yamlScalar } from '../dialects/yaml/edits';
import type { RuleDialect } from '../model/types';
import { parseManifest } from '../parse/manifestParser';
import { MANIFEST_SUFFIX, RULE_FILE_SUFFIX } from '../service';
import { formatInterval } from '../util/portSet';
import { generateRules } from './generateRules';
import { readSiteOptions, type AgentOs, type NewSiteField, type NewSiteOptions, type SiteHost, type SiteSpec } from './siteOptions';

export interface NewSiteFile {
  /** Relative to the folder the site is written in. */
  readonly relativePath: string;
  readonly text: string;
}

/** The manifest first, then one rule file per firewall; or what is wrong with the options and which one it is. */
export type NewSiteResult = { readonly files: readonly NewSiteFile[] } | { readonly error: string; readonly field: NewSiteField };

export const NEW_SITE_MANIFEST = `site${MANIFEST_SUFFIX}`;
/** The one network firewall of a site whose agents sit behind one. */
const NETWORK_FIREWALL = 'network';
/**
 * Where the remote agent range of a new site starts: befw's choice, not a Backup Exec fact (any free part of
 * the catalog's dynamic ports does, and the admin sets the same range in Backup Exec). It is the start the
 * manifest schema's example and its snippet use.
 */
const SUGGESTED_AGENT_RANGE_START = 50100;
/** The snippet's suggestion too, an admin's setting rather than a fact: the jobs running through the firewall at the same time, for BEX012. */
const SUGGESTED_CONCURRENT_JOBS = 4;

/** The range a new site starts with: twice the ports the catalog's source asks to keep open (KB100017208), so jobs and other applications both find ports. */
function suggestedAgentRange(catalog: Catalog): string {
  const size = 2 * catalog.dynamicPorts.minimumOpenPorts.count;
  return formatInterval({ from: SUGGESTED_AGENT_RANGE_START, to: SUGGESTED_AGENT_RANGE_START + size - 1 });
}
/** Where the settings' comments start, as in examples/site. */
const COMMENT_COLUMN = 26;

/**
 * A new site, ready to check: its manifest (settings at their documented defaults, comments citing the
 * sources, the hosts as flow maps, the firewalls) and each firewall's rule file as `befw generate` writes
 * it, in a file whose name says its dialect. Bad options give a message for the admin, never a throw.
 */
export function newSite(options: NewSiteOptions, catalog: Catalog): NewSiteResult {
  const spec = readSiteOptions(options);
  if ('error' in spec) return spec;
  const firewalls = siteFirewalls(spec);
  const text = manifestText(spec, firewalls, catalog);
  const manifest = parseManifest({ uri: NEW_SITE_MANIFEST, text });
  const files: NewSiteFile[] = [{ relativePath: NEW_SITE_MANIFEST, text }];
  for (const firewall of firewalls) {
    const rules = manifest.problems.length === 0 ? generateRules(manifest, catalog, firewall.name, firewall.dialect) : { error: manifest.problems[0].message };
    // Options that passed readSiteOptions always give a valid manifest; this keeps a slip from becoming a throw.
    if ('error' in rules) return { error: `the site cannot be written: ${rules.error}`, field: 'dialect' };
    files.push({ relativePath: firewall.rules, text: rules.text });
  }
  return { files };
}

interface SiteFirewall {
  readonly name: string;
  readonly rules: string;
  readonly dialect: RuleDialect;
  /** The manifest's `host: x` or `protects: [x, y]`, and why, as written. */
  readonly placement: string;
  readonly comment: string;
}

function siteFirewalls(spec: SiteSpec): SiteFirewall[] {
  if (spec.firewall === 'network') {
    return [{
      name: NETWORK_FIREWALL,
      rules: `${NETWORK_FIREWALL}${RULE_FILE_SUFFIX}`,
      dialect: spec.dialects.windows,
      placement: `protects: [${spec.agents.map((agent) => yamlScalar(agent.name)).join(', ')}]`,
      comment: 'network firewall in front of the agents: flows into and out of them cross it',
    }];
  }
  const hosts: (SiteHost & { agent: AgentOs })[] = [{ ...spec.server, agent: 'windows' }, ...spec.agents];
  return hosts.map((host) => {
    const dialect = spec.dialects[host.agent];
    return {
      name: `${host.name}-host`,
      rules: `${host.name}${fileSuffix(dialect)}`,
      dialect,
      placement: `host: ${yamlScalar(host.name)}`,
      comment: `host firewall of ${host.name}${host.agent === 'windows' ? ' (Windows Defender Firewall)' : ', a Linux host'}`,
    };
  });
}

/** The ending that makes a file read in its dialect: .fwrules.yaml for ours, the dialect's first name ending otherwise (.ps1, .iptables, .user.rules). */
function fileSuffix(dialect: RuleDialect): string {
  if (dialect === 'yaml') return RULE_FILE_SUFFIX;
  const extension = dialectById(dialect)?.extensions[0] ?? '';
  return extension.startsWith('.') ? extension : `.${extension}`;
}

function manifestText(spec: SiteSpec, firewalls: readonly SiteFirewall[], catalog: Catalog): string {
  const { ndmpPort, dynamicPorts } = catalog.data.settings;
  const { minimumOpenPorts, portsPerJob } = dynamicPorts;
  const sources = (ids: readonly (string | undefined)[]) => `(${ids.filter((id) => id !== undefined).join(', ')})`;
  const lines = [
    `# Backup Exec site of ${spec.server.name}, written by befw. Set the same values in Backup Exec`,
    '# (Configuration and Settings > Backup Exec Settings > Network and security).',
    'version: 1',
    commented('settings:', 'Backup Exec Settings > Network and security'),
    commented(`  ndmpPort: ${ndmpPort.default}`, `${ndmpPort.name}: the ndmp entry of the services file ${sources(ndmpPort.sources)}`),
    commented('  dynamicPorts:', `${dynamicPorts.name}, one flag per range ${sources(dynamicPorts.sources)}:`),
    `    # "${dynamicPorts.settingNames.agent}"; keep at least ${minimumOpenPorts.count} ports open for the remote system ${sources([minimumOpenPorts.source])}`,
    `    agent: { enabled: true, range: ${suggestedAgentRange(catalog)} }   # remote agent range`,
    commented(`  concurrentJobs: ${SUGGESTED_CONCURRENT_JOBS}`, `jobs through the firewall at the same time, at least ${portsPerJob.count} ports each ${sources([portsPerJob.source])}`),
    'hosts:',
    `  - { name: ${yamlScalar(spec.server.name)}, role: backup-exec-server, address: ${yamlScalar(spec.server.address)} }`,
    ...spec.agents.map((agent) => `  - { name: ${yamlScalar(agent.name)}, role: remote-computer, address: ${yamlScalar(agent.address)}, agent: ${agent.agent} }`),
    'firewalls:',
    ...firewalls.map((firewall) => `  - { name: ${yamlScalar(firewall.name)}, rules: ${yamlScalar(firewall.rules)}, ${firewall.placement} }   # ${firewall.comment}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** A line with its comment at COMMENT_COLUMN, or three spaces after it when longer. */
function commented(code: string, comment: string): string {
  return `${code.padEnd(COMMENT_COLUMN - 1)}${code.length >= COMMENT_COLUMN - 1 ? '   ' : ' '}# ${comment}`;
}

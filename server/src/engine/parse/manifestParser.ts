import { isMap, isScalar, isSeq, type Node } from 'yaml';
import manifestSchema from '../../../../schemas/bexnet.schema.json';
import type { FirewallModel, HostModel, Located, ManifestModel, ManifestSettings, NumberSettingName, OffsetRange, RangeSetting, Role, SharedRangeFlag, SourceText } from '../model/types';
import { parseAddressOrCidr } from '../util/address';
import { excerpt } from '../util/excerpt';
import { HIGHEST_PORT, LOWEST_PORT, type PortInterval } from '../util/portSet';
import { resolveRulesPath } from '../util/uris';
import { issueMessage, schemaIssues, validatorFor } from './schemaValidation';
import { mapEntries, rangeOf } from './yamlNodes';
import { parseYaml } from './yamlSupport';

const RANGE_TEXT = /^\s*(\d+)\s*-\s*(\d+)\s*$/;

/** Parses a *.bexnet.yaml manifest into its model; invalid parts are left out and reported. */
export function parseManifest(source: SourceText): ManifestModel {
  const { text } = source;
  const parsed = parseYaml(text);
  const whole: OffsetRange = [0, Math.min(text.length, Math.max(text.indexOf('\n'), 0) || text.length)];
  const problems = [...parsed.problems];
  const root = parsed.document.contents;
  if (problems.length === 0) {
    if (!isMap(root)) {
      problems.push({ message: 'A manifest is a YAML mapping with version, settings, hosts and firewalls.', range: whole });
    } else {
      problems.push(...schemaIssues(validatorFor(manifestSchema), parsed.value, root, whole).map((issue) => issueMessage(issue)));
    }
  }
  const top = mapEntries(root);
  const hostsKey = top.get('hosts')?.key;
  const hosts = readList(top.get('hosts')?.value, readHost);
  for (const host of hosts) {
    if (!host.addressRange && host.address.value.toLowerCase() !== 'any') {
      problems.push({ message: `hosts[${host.index}].address: "${excerpt(host.address.value)}" is not an IPv4 or IPv6 address, a CIDR, or any`, range: host.address.range });
    }
  }
  // A firewall whose rules path names no file is reported here rather than read.
  const firewalls = readList(top.get('firewalls')?.value, readFirewall).filter((firewall) => {
    if (resolveRulesPath(source.uri, firewall.rules.value) !== undefined) return true;
    problems.push({
      message: `firewalls[${firewall.index}].rules: "${excerpt(firewall.rules.value)}" does not name a file`,
      range: firewall.rules.range,
    });
    return false;
  });
  return {
    uri: source.uri,
    text,
    problems,
    settings: readSettings(top.get('settings')?.value),
    hosts,
    firewalls,
    hostsKeyRange: rangeOf(hostsKey) ?? whole,
  };
}

function readList<T>(node: Node | undefined, read: (item: Node, index: number) => T | undefined): T[] {
  if (!isSeq(node)) return [];
  const result: T[] = [];
  node.items.forEach((item, index) => {
    const model = read(item as Node, index);
    if (model) result.push(model);
  });
  return result;
}

function scalar<T>(node: Node | undefined, type: 'string' | 'number' | 'boolean'): Located<T> | undefined {
  if (!isScalar(node) || typeof node.value !== type) return undefined;
  const range = rangeOf(node);
  return range ? { value: node.value as T, range } : undefined;
}

function text(node: Node | undefined): Located<string> | undefined {
  if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) {
    const range = rangeOf(node);
    if (range) return { value: String(node.value), range };
  }
  return undefined;
}

function texts(node: Node | undefined): Located<string>[] {
  if (!isSeq(node)) return [];
  return node.items.map((item) => text(item as Node)).filter((t): t is Located<string> => t !== undefined);
}

/** The interval of a range's text, when it reads "low-high". */
function rangeText(located: Located<string>): Pick<RangeSetting, 'text' | 'interval'> {
  const match = RANGE_TEXT.exec(located.value);
  return { text: located, interval: match ? { from: Number(match[1]), to: Number(match[2]) } : undefined };
}

/** A range written as { enabled, range } (its own flag), or as the older "a-b" text that the shared flag turns on. */
function readRange(node: Node | undefined, sharedEnabled: Located<boolean> | undefined): RangeSetting | undefined {
  if (isMap(node)) {
    const entries = mapEntries(node);
    const located = text(entries.get('range')?.value);
    return located ? { ...rangeText(located), enabled: scalar<boolean>(entries.get('enabled')?.value, 'boolean'), ownFlag: true } : undefined;
  }
  const located = text(node);
  return located ? { ...rangeText(located), enabled: sharedEnabled, ownFlag: false } : undefined;
}

/** The older `dynamicPorts.enabled`, one flag for both ranges written as text. */
function readSharedFlag(dynamicPorts: Node | undefined, entry: { key: Node; value: Node | undefined } | undefined): SharedRangeFlag | undefined {
  const flag = scalar<boolean>(entry?.value, 'boolean');
  const keyRange = rangeOf(entry?.key);
  if (!flag || !keyRange) return undefined;
  return { ...flag, entryRange: [keyRange[0], flag.range[1]], inBlockMapping: isMap(dynamicPorts) && !dynamicPorts.flow };
}

/** The bounds of each whole-number setting, as the schema gives them (a port; at least one job). */
const NUMBER_SETTINGS: Record<NumberSettingName, PortInterval> = {
  ndmpPort: { from: LOWEST_PORT, to: HIGHEST_PORT },
  concurrentJobs: { from: 1, to: Number.MAX_SAFE_INTEGER },
};

function readSettings(node: Node | undefined): ManifestSettings {
  const settings = mapEntries(node);
  const dynamicPorts = settings.get('dynamicPorts')?.value;
  const dynamic = mapEntries(dynamicPorts);
  const sharedEnabled = readSharedFlag(dynamicPorts, dynamic.get('enabled'));
  const numbers: Partial<Record<NumberSettingName, Located<number>>> = {};
  const invalid: NumberSettingName[] = [];
  for (const [name, bounds] of Object.entries(NUMBER_SETTINGS) as [NumberSettingName, PortInterval][]) {
    const entry = settings.get(name);
    if (!entry) continue;
    const located = scalar<number>(entry.value, 'number');
    if (located && Number.isInteger(located.value) && located.value >= bounds.from && located.value <= bounds.to) numbers[name] = located;
    else invalid.push(name);
  }
  return {
    ...numbers,
    invalid,
    sharedEnabled,
    serverRange: readRange(dynamic.get('server')?.value, sharedEnabled),
    agentRange: readRange(dynamic.get('agent')?.value, sharedEnabled),
  };
}

const ROLES: readonly Role[] = ['backup-exec-server', 'remote-computer', 'remote-administration-console', 'm365-endpoints'];

function readHost(node: Node, index: number): HostModel | undefined {
  const entries = mapEntries(node);
  const name = text(entries.get('name')?.value);
  const role = text(entries.get('role')?.value);
  const address = text(entries.get('address')?.value);
  const range = rangeOf(node);
  if (!name || !role || !address || !range || !ROLES.includes(role.value as Role)) return undefined;
  const agent = text(entries.get('agent')?.value)?.value === 'linux' ? 'linux' : 'windows';
  return {
    index,
    range,
    name,
    role: role as Located<Role>,
    address,
    addressRange: address.value.toLowerCase() === 'any' ? undefined : parseAddressOrCidr(address.value.trim()),
    agent,
    features: texts(entries.get('features')?.value),
  };
}

function readFirewall(node: Node, index: number): FirewallModel | undefined {
  const entries = mapEntries(node);
  const name = text(entries.get('name')?.value);
  const rules = text(entries.get('rules')?.value);
  const range = rangeOf(node);
  if (!name || !rules || !range) return undefined;
  return { index, range, name, rules, protects: texts(entries.get('protects')?.value), host: text(entries.get('host')?.value) };
}

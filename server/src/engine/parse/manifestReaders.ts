import { isMap, isScalar, isSeq, type Node } from 'yaml';
import manifestSchema from '../../../../schemas/bexnet.schema.json';
import { FIREWALL_PROFILES, type FirewallProfile, type ListSyntax, type RuleDialect, type FirewallModel, type HostModel, type Located, type ManifestSettings, type NumberSettingName, type OffsetRange, type RangeSetting, type Role, type SharedRangeFlag } from '../model/types';
import { parseAddressOrCidr } from '../util/address';
import { HIGHEST_PORT, LOWEST_PORT, type PortInterval } from '../util/portSet';
import { mapEntries, rangeOf, type Entry } from './yamlNodes';

/**
 * Reading a manifest's settings, hosts and firewalls from YAML nodes parsed
 * from a piece of the file that starts at `base` (the whole file, or one
 * item of a long hosts list parsed on its own): every range comes out as an
 * offset in the file.
 */
export class NodeReader {
  constructor(readonly base: number) {}

  range(node: Node | null | undefined): OffsetRange | undefined {
    const range = rangeOf(node);
    return range && [range[0] + this.base, range[1] + this.base];
  }

  scalar<T>(node: Node | undefined, type: 'string' | 'number' | 'boolean'): Located<T> | undefined {
    if (!isScalar(node) || typeof node.value !== type) return undefined;
    const range = this.range(node);
    return range ? { value: node.value as T, range } : undefined;
  }

  text(node: Node | undefined): Located<string> | undefined {
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) {
      const range = this.range(node);
      if (range) return { value: String(node.value), range };
    }
    return undefined;
  }

  texts(node: Node | undefined): Located<string>[] {
    if (!isSeq(node)) return [];
    return node.items.map((item) => this.text(item as Node)).filter((t): t is Located<string> => t !== undefined);
  }
}

export function readList<T>(node: Node | undefined, reader: NodeReader, read: (item: Node, index: number, reader: NodeReader) => T | undefined): T[] {
  if (!isSeq(node)) return [];
  const result: T[] = [];
  node.items.forEach((item, index) => {
    const model = read(item as Node, index, reader);
    if (model) result.push(model);
  });
  return result;
}

const RANGE_TEXT = /^\s*(\d+)\s*-\s*(\d+)\s*$/;

/** The interval of a range's text, when it reads "low-high". */
function rangeText(located: Located<string>): Pick<RangeSetting, 'text' | 'interval'> {
  const match = RANGE_TEXT.exec(located.value);
  return { text: located, interval: match ? { from: Number(match[1]), to: Number(match[2]) } : undefined };
}

/** A range written as { enabled, range } (its own flag), or as the older "a-b" text that the shared flag turns on. */
function readRange(node: Node | undefined, sharedEnabled: Located<boolean> | undefined, reader: NodeReader): RangeSetting | undefined {
  if (isMap(node)) {
    const entries = mapEntries(node);
    const located = reader.text(entries.get('range')?.value);
    return located ? { ...rangeText(located), enabled: reader.scalar<boolean>(entries.get('enabled')?.value, 'boolean'), ownFlag: true } : undefined;
  }
  const located = reader.text(node);
  return located ? { ...rangeText(located), enabled: sharedEnabled, ownFlag: false } : undefined;
}

/** The older `dynamicPorts.enabled`, one flag for both ranges written as text. */
function readSharedFlag(dynamicPorts: Node | undefined, entry: Entry | undefined, reader: NodeReader): SharedRangeFlag | undefined {
  const flag = reader.scalar<boolean>(entry?.value, 'boolean');
  const keyRange = reader.range(entry?.key);
  if (!flag || !keyRange) return undefined;
  return { ...flag, entryRange: [keyRange[0], flag.range[1]], inBlockMapping: isMap(dynamicPorts) && !dynamicPorts.flow };
}

/** The bounds of each whole-number setting, as the schema gives them (a port; at least one job). */
const NUMBER_SETTINGS: Record<NumberSettingName, PortInterval> = {
  ndmpPort: { from: LOWEST_PORT, to: HIGHEST_PORT },
  concurrentJobs: { from: 1, to: Number.MAX_SAFE_INTEGER },
};

export function readSettings(node: Node | undefined, reader: NodeReader): ManifestSettings {
  const settings = mapEntries(node);
  const dynamicPorts = settings.get('dynamicPorts')?.value;
  const dynamic = mapEntries(dynamicPorts);
  const sharedEnabled = readSharedFlag(dynamicPorts, dynamic.get('enabled'), reader);
  const numbers: Partial<Record<NumberSettingName, Located<number>>> = {};
  const invalid: NumberSettingName[] = [];
  for (const [name, bounds] of Object.entries(NUMBER_SETTINGS) as [NumberSettingName, PortInterval][]) {
    const entry = settings.get(name);
    if (!entry) continue;
    const located = reader.scalar<number>(entry.value, 'number');
    if (located && Number.isInteger(located.value) && located.value >= bounds.from && located.value <= bounds.to) numbers[name] = located;
    else invalid.push(name);
  }
  return {
    ...numbers,
    invalid,
    sharedEnabled,
    serverRange: readRange(dynamic.get('server')?.value, sharedEnabled, reader),
    agentRange: readRange(dynamic.get('agent')?.value, sharedEnabled, reader),
  };
}

const ROLES: readonly Role[] = ['backup-exec-server', 'remote-computer', 'remote-administration-console', 'm365-endpoints'];

/** A value and where it is written. */
interface Place {
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

const place = (located: Located<string>): Place => ({ value: located.value, start: located.range[0], end: located.range[1] });

/**
 * A host as the checks read it: its name, role and address kept as strings
 * and offsets in its own fields, made into Located values when asked for. A
 * manifest may list 180,000 hosts, and a host's ranges are read for the few
 * that get a diagnostic. Roles and known features are shared constants, not
 * a string per host.
 */
class ManifestHost implements HostModel {
  private readonly nameValue: string;
  private readonly nameStart: number;
  private readonly nameEnd: number;
  private readonly roleValue: Role;
  private readonly roleStart: number;
  private readonly roleEnd: number;
  private readonly addressValue: string;
  private readonly addressStart: number;
  private readonly addressEnd: number;

  constructor(
    readonly index: number,
    private readonly start: number,
    private readonly end: number,
    name: Place,
    role: Place & { readonly value: Role },
    address: Place,
    readonly addressRange: HostModel['addressRange'],
    readonly agent: HostModel['agent'],
    private readonly featurePlaces: readonly Place[],
  ) {
    ({ value: this.nameValue, start: this.nameStart, end: this.nameEnd } = name);
    ({ value: this.roleValue, start: this.roleStart, end: this.roleEnd } = role);
    ({ value: this.addressValue, start: this.addressStart, end: this.addressEnd } = address);
  }

  get range(): OffsetRange {
    return [this.start, this.end];
  }
  get name(): Located<string> {
    return { value: this.nameValue, range: [this.nameStart, this.nameEnd] };
  }
  get role(): Located<Role> {
    return { value: this.roleValue, range: [this.roleStart, this.roleEnd] };
  }
  get address(): Located<string> {
    return { value: this.addressValue, range: [this.addressStart, this.addressEnd] };
  }
  get features(): Located<string>[] {
    return this.featurePlaces.map(({ value, start, end }) => ({ value, range: [start, end] }));
  }
}

const NO_FEATURES: readonly Place[] = Object.freeze([]);

/** The features the format knows, as shared strings: a host keeps these rather than its own copy. */
const FEATURES: readonly string[] = manifestSchema.properties.hosts.items.properties.features.items.enum;

export function readHost(node: Node, index: number, reader: NodeReader): HostModel | undefined {
  const entries = mapEntries(node);
  const name = reader.text(entries.get('name')?.value);
  const role = reader.text(entries.get('role')?.value);
  const address = reader.text(entries.get('address')?.value);
  const range = reader.range(node);
  if (!name || !role || !address || !range || !ROLES.includes(role.value as Role)) return undefined;
  const agent = reader.text(entries.get('agent')?.value)?.value === 'linux' ? 'linux' : 'windows';
  const addressRange = address.value.toLowerCase() === 'any' ? undefined : parseAddressOrCidr(address.value.trim());
  const sharedRole = { ...place(role), value: ROLES.find((known) => known === role.value)! };
  const features = reader.texts(entries.get('features')?.value).map((feature) => ({ ...place(feature), value: FEATURES.find((known) => known === feature.value) ?? feature.value }));
  return new ManifestHost(index, range[0], range[1], place(name), sharedRole, place(address), addressRange, agent, features.length > 0 ? features : NO_FEATURES);
}

export function readFirewall(node: Node, index: number, reader: NodeReader): FirewallModel | undefined {
  const entries = mapEntries(node);
  const name = reader.text(entries.get('name')?.value);
  const rulesNode = entries.get('rules')?.value;
  // Paths are strings: a number or a nested list in the list is BEX001's to report, not a file to read.
  const path = (node: Node | undefined) => reader.scalar<string>(node, 'string');
  const single = path(rulesNode);
  const rules = single ? [single] : isSeq(rulesNode) ? rulesNode.items.flatMap((item) => path(item as Node) ?? []) : [];
  const rulesRange = reader.range(rulesNode);
  const range = reader.range(node);
  if (!name || rules.length === 0 || !rulesRange || !range) return undefined;
  const rulesValue: ListSyntax = { style: single ? 'scalar' : isFlowCollection(rulesNode) ? 'flow' : 'block', range: rulesRange, items: rules };
  const format = reader.text(entries.get('format')?.value);
  const profile = reader.text(entries.get('profile')?.value);
  return {
    index,
    range,
    name,
    rules,
    rulesValue,
    format: format && isDialect(format.value) ? { value: format.value, range: format.range } : undefined,
    profile: profile && isProfile(profile.value) ? { value: profile.value, range: profile.range } : undefined,
    protects: reader.texts(entries.get('protects')?.value),
    host: reader.text(entries.get('host')?.value),
  };
}

const FORMATS: readonly string[] = manifestSchema.properties.firewalls.items.properties.format.enum;
const isDialect = (value: string): value is RuleDialect => FORMATS.includes(value);
const isProfile = (value: string): value is FirewallProfile => (FIREWALL_PROFILES as readonly string[]).includes(value);
const isFlowCollection = (node: Node | undefined): boolean => isSeq(node) && node.flow === true;

import type { CanonicalParameter } from '../../model/scriptStyle';

/** The NetSecurity cmdlets and the parameters of theirs that a firewall check reads. */

export type Cmdlet = 'new' | 'set' | 'enable' | 'disable' | 'get';
/** By lower-cased name (a Map: a script's word may be `constructor`). */
export const CMDLETS: ReadonlyMap<string, Cmdlet> = new Map([
  ['new-netfirewallrule', 'new'],
  ['set-netfirewallrule', 'set'],
  ['enable-netfirewallrule', 'enable'],
  ['disable-netfirewallrule', 'disable'],
  ['get-netfirewallrule', 'get'],
]);

export type Field =
  | 'displayname'
  | 'name'
  | 'description'
  | 'direction'
  | 'action'
  | 'protocol'
  | 'localport'
  | 'remoteport'
  | 'localaddress'
  | 'remoteaddress'
  | 'program'
  | 'service'
  | 'profile'
  | 'enabled'
  | 'displaygroup'
  | 'group';

/** Each parameter read: its PowerShell spelling and, when it has one, its canonical name. */
export const FIELDS: Record<Field, readonly [spelling: string, canonical?: CanonicalParameter]> = {
  displayname: ['DisplayName', 'name'],
  name: ['Name', 'name'],
  description: ['Description', 'description'],
  direction: ['Direction', 'direction'],
  action: ['Action', 'action'],
  protocol: ['Protocol', 'protocol'],
  localport: ['LocalPort', 'localport'],
  remoteport: ['RemotePort', 'remoteport'],
  localaddress: ['LocalAddress', 'localip'],
  remoteaddress: ['RemoteAddress', 'remoteip'],
  program: ['Program', 'program'],
  service: ['Service', 'service'],
  profile: ['Profile', 'profile'],
  enabled: ['Enabled', 'enabled'],
  displaygroup: ['DisplayGroup'],
  group: ['Group'],
};
export const SPELLING = Object.fromEntries(Object.entries(FIELDS).map(([field, [spelling]]) => [field, spelling])) as Record<Field, string>;

/** The PowerShell parameter of each canonical name (`name` is written -DisplayName). */
export const POWERSHELL_PARAMETERS: Partial<Record<CanonicalParameter, string>> = Object.fromEntries(
  Object.values(FIELDS)
    .reverse()
    .flatMap(([spelling, canonical]) => (canonical ? [[canonical, spelling]] : [])),
);

/** Every parameter of each cmdlet (common parameters included), for PowerShell's unique-prefix matching (`-Dir` is `-Direction`). */
const COMMON = 'verbose debug erroraction warningaction informationaction progressaction errorvariable warningvariable informationvariable outvariable outbuffer pipelinevariable';
const FILTERS = 'description enabled direction action edgetraversalpolicy loosesourcemapping localonlymapping owner policystore gposession cimsession throttlelimit asjob';
const RULE_PARAMETERS =
  'profile platform localaddress remoteaddress protocol localport remoteport icmptype dynamictarget program package service interfacealias interfacetype localuser remoteuser remotemachine authentication encryption overrideblockrules remotedynamickeywordaddresses policyappid packagefamilyname';
const SELECT =
  'all name displayname displaygroup group inputobject primarystatus status enforcementstatus policystoresource policystoresourcetype tracepolicystore associatednetfirewalladdressfilter associatednetfirewallapplicationfilter associatednetfirewallinterfacefilter associatednetfirewallinterfacetypefilter associatednetfirewallportfilter associatednetfirewallprofile associatednetfirewallsecurityfilter associatednetfirewallservicefilter';
const PARAMETERS: Record<Cmdlet, string[]> = {
  new: `name displayname group ${FILTERS} ${RULE_PARAMETERS} whatif confirm ${COMMON}`.split(' '),
  set: `name displayname displaygroup group inputobject newdisplayname ${FILTERS} ${RULE_PARAMETERS} passthru whatif confirm ${COMMON}`.split(' '),
  enable: `${SELECT} ${FILTERS} passthru whatif confirm ${COMMON}`.split(' '),
  disable: `${SELECT} ${FILTERS} passthru whatif confirm ${COMMON}`.split(' '),
  get: `${SELECT} ${FILTERS} ${COMMON}`.split(' '),
};
const RULE_FIELDS: Field[] = ['direction', 'action', 'protocol', 'localport', 'remoteport', 'localaddress', 'remoteaddress', 'program', 'service', 'profile', 'enabled'];
export const SELECTORS: Field[] = ['displaygroup', 'group', 'displayname', 'name'];
/** The parameters each cmdlet is read for. */
export const READS: Record<Cmdlet, ReadonlySet<Field>> = {
  new: new Set<Field>(['displayname', 'name', 'description', ...RULE_FIELDS]),
  set: new Set<Field>([...SELECTORS, ...RULE_FIELDS]),
  enable: new Set(SELECTORS),
  disable: new Set(SELECTORS),
  get: new Set(SELECTORS),
};

/**
 * PowerShell's parameter binding: an exact name, or a prefix of exactly one of the cmdlet's
 * parameters (`-Dir` is `-Direction`). A prefix of several, one of them read here, gives the
 * parameters it could be (spelled for a message); one naming nothing read here, undefined.
 */
export function resolveParameter(cmdlet: Cmdlet, written: string): Field | string[] | undefined {
  const all = PARAMETERS[cmdlet];
  const candidates = all.includes(written) ? [written] : all.filter((name) => name.startsWith(written));
  const known = candidates.filter((name): name is Field => name in SPELLING && READS[cmdlet].has(name as Field));
  if (candidates.length === 1) return known[0];
  const others = candidates.length - known.length;
  return known.length ? [...known.map((name) => `-${SPELLING[name]}`), ...(others ? [`${others} other parameter${others > 1 ? 's' : ''}`] : [])] : undefined;
}

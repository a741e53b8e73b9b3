import Ajv from 'ajv';
import catalogSchema from '../../../../schemas/catalog.schema.json';
import defaultCatalogData from '../../../catalog/backup-exec.catalog.json';
import { PortSet, type PortInterval } from '../util/portSet';
import type { AgentType, CatalogData, DescribedItem, ErrorCodeEntry, Feature, Service, Source, Topic } from './types';

export * from './types';

export class CatalogError extends Error {
  constructor(readonly problems: string[]) {
    super(`The Backup Exec catalog is invalid:\n- ${problems.join('\n- ')}`);
  }
}

/** What a word a user asks about refers to in the catalog. */
export type TermMeaning =
  | { readonly kind: 'services'; readonly services: readonly Service[] }
  | { readonly kind: 'setting'; readonly setting: 'ndmpPort' | 'dynamicPorts' }
  | { readonly kind: 'topic'; readonly topic: Topic };

/** The Backup Exec facts, indexed for the checks, hovers and the CLI. */
export class Catalog {
  private readonly servicesById = new Map<string, Service>();
  private readonly sourcesById = new Map<string, Source>();
  private readonly errorsByCode = new Map<string, ErrorCodeEntry>();
  private readonly meaningsByTerm = new Map<string, TermMeaning>();

  constructor(readonly data: CatalogData) {
    for (const service of data.services) this.servicesById.set(service.id, service);
    for (const source of data.sources) this.sourcesById.set(source.id, source);
    for (const error of data.errors) this.errorsByCode.set(error.code.toLowerCase(), error);
    this.indexTerms();
  }

  /** Service ids, process names (with and without ".exe", Linux paths by their last part), aliases, setting words and topics. */
  private indexTerms(): void {
    const byName = new Map<string, Service[]>();
    const add = (term: string, service: Service) => {
      const list = byName.get(term) ?? [];
      if (!list.includes(service)) list.push(service);
      byName.set(term, list);
    };
    for (const service of this.data.services) {
      add(service.id, service);
      for (const alias of service.aliases ?? []) add(alias, service);
      for (const process of [service.process, service.linuxAgent?.process]) {
        if (!process || !/^[\w./-]+$/.test(process)) continue;
        const name = process.toLowerCase().slice(process.lastIndexOf('/') + 1);
        add(name, service);
        add(name.replace(/\.exe$/, ''), service);
      }
    }
    for (const [term, services] of byName) this.meaningsByTerm.set(term, { kind: 'services', services });
    const { ndmpPort, dynamicPorts } = this.data.settings;
    for (const term of ndmpPort.terms ?? []) this.meaningsByTerm.set(term, { kind: 'setting', setting: 'ndmpPort' });
    for (const term of dynamicPorts.terms) this.meaningsByTerm.set(term, { kind: 'setting', setting: 'dynamicPorts' });
    for (const topic of this.data.topics) for (const term of [topic.id, ...topic.terms]) this.meaningsByTerm.set(term, { kind: 'topic', topic });
  }

  get services(): readonly Service[] {
    return this.data.services;
  }

  get dynamicPorts(): CatalogData['settings']['dynamicPorts'] {
    return this.data.settings.dynamicPorts;
  }

  get defaultNdmpPort(): number {
    return this.data.settings.ndmpPort.default;
  }

  /** 1025-65535: the dynamic (private) ports and the default data range. */
  get dynamicRange(): PortSet {
    const { from, to } = this.dynamicPorts.range;
    return PortSet.range(from, to);
  }

  /**
   * 1024-65535: the widest range any line of the sources allows for a
   * configured range. Only a start below it is an error (BEX010); a start at
   * 1024 is the sources' own disagreement (BEX020).
   */
  get acceptedRangeBounds(): PortInterval {
    return { from: this.dynamicPorts.lowerBoundDisagreement.port, to: this.dynamicPorts.range.to };
  }

  service(id: string): Service | undefined {
    return this.servicesById.get(id);
  }

  source(id: string): Source | undefined {
    return this.sourcesById.get(id);
  }

  errorCode(code: string): ErrorCodeEntry | undefined {
    return this.errorsByCode.get(code.trim().toLowerCase());
  }

  feature(id: string): Feature | undefined {
    return this.data.features.find((f) => f.id === id);
  }

  role(id: string): DescribedItem | undefined {
    return this.data.roles.find((r) => r.id === id);
  }

  /** What a word or phrase refers to, ignoring case and surrounding quotes or spaces. */
  meaningOf(term: string): TermMeaning | undefined {
    return this.meaningsByTerm.get(term.trim().toLowerCase().replace(/\s+/g, ' '));
  }

  /** Every word or phrase `meaningOf` knows, for suggestions. */
  get terms(): readonly string[] {
    return [...this.meaningsByTerm.keys()];
  }

  agent(id: string): AgentType | undefined {
    return this.data.agents.find((a) => a.id === id);
  }

  /** Services whose fixed ports, or the default control port, include `port`. */
  servicesUsingPort(port: number): Service[] {
    return this.data.services.filter((service) => {
      const ports = service.ports;
      if ('fixed' in ports) return ports.fixed.includes(port);
      if ('setting' in ports && ports.setting === 'ndmpPort') return port === this.defaultNdmpPort;
      return false;
    });
  }

  /** "KB100017208 (https://…)" for citations in hovers and messages. */
  cite(sourceId: string): string {
    const source = this.source(sourceId);
    if (!source) return sourceId;
    return source.url ? `${source.id} (${source.url})` : source.id;
  }
}

let defaultCatalog: Catalog | undefined;

/** The bundled catalog, validated once. */
export function getDefaultCatalog(): Catalog {
  defaultCatalog ??= loadCatalog(defaultCatalogData as unknown);
  return defaultCatalog;
}

/** Validates catalog data against its schema and its cross-references, then indexes it. */
export function loadCatalog(data: unknown): Catalog {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(catalogSchema);
  if (!validate(data)) {
    throw new CatalogError((validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`));
  }
  const catalog = data as unknown as CatalogData;
  const problems = crossReferenceProblems(catalog);
  if (problems.length > 0) throw new CatalogError(problems);
  return new Catalog(catalog);
}

/** `from`/`to` values that are not roles: no source names the peer, or the service uses no network. */
const PSEUDO_ROLES = new Set(['undocumented', 'none']);

function crossReferenceProblems(data: CatalogData): string[] {
  const problems: string[] = [];
  const sourceIds = new Set(data.sources.map((s) => s.id));
  const roleIds = new Set(data.roles.map((r) => r.id));
  const featureIds = new Set(data.features.map((f) => f.id));
  const serviceIds = new Set<string>();
  const needSource = (where: string, id: string) => {
    if (!sourceIds.has(id)) problems.push(`${where} cites unknown source ${id}`);
  };
  for (const item of [...data.roles, ...data.features]) item.sources.forEach((id) => needSource(item.id, id));
  for (const feature of data.features) {
    if (!roleIds.has(feature.appliesTo)) problems.push(`feature ${feature.id} applies to unknown role ${feature.appliesTo}`);
  }
  for (const service of data.services) {
    if (serviceIds.has(service.id)) problems.push(`service ${service.id} is listed twice`);
    serviceIds.add(service.id);
    service.sources.forEach((s) => needSource(service.id, s.id));
    for (const role of [service.from, service.to]) {
      if (!PSEUDO_ROLES.has(role) && !roleIds.has(role)) problems.push(`service ${service.id} names unknown role ${role}`);
    }
    if ((service.from === 'undocumented') !== (service.direction?.basis === 'undocumented')) {
      problems.push(`service ${service.id}: an undocumented peer and an undocumented direction go together`);
    }
    for (const claim of [service.direction, service.dataFlow, service.whenBlocked, service.linuxAgent]) {
      if (claim?.source) needSource(service.id, claim.source);
    }
    const requirement = service.requiredWhen;
    if (requirement.kind === 'feature' && !featureIds.has(requirement.feature)) {
      problems.push(`service ${service.id} requires unknown feature ${requirement.feature}`);
    }
    if (requirement.kind === 'role' && !roleIds.has(requirement.role)) {
      problems.push(`service ${service.id} requires unknown role ${requirement.role}`);
    }
    if (service.targetFeature && !featureIds.has(service.targetFeature)) {
      problems.push(`service ${service.id} targets unknown feature ${service.targetFeature}`);
    }
  }
  for (const error of data.errors) {
    error.sources.forEach((id) => needSource(error.code, id));
    for (const id of error.services) if (!serviceIds.has(id)) problems.push(`error ${error.code} names unknown service ${id}`);
  }
  for (const [name, setting] of Object.entries(data.settings)) setting.sources.forEach((id) => needSource(name, id));
  const { minimumOpenPorts, portsPerJob, olderExample, lowerBoundDisagreement } = data.settings.dynamicPorts;
  for (const claim of [minimumOpenPorts, portsPerJob, olderExample]) if (claim.source) needSource('dynamicPorts', claim.source);
  lowerBoundDisagreement.quotes.forEach((quote) => needSource('dynamicPorts', quote.id));
  for (const topic of data.topics) if (topic.source) needSource(`topic ${topic.id}`, topic.source);
  for (const agent of data.agents) agent.sources.forEach((id) => needSource(agent.id, id));
  return problems;
}

import Ajv from 'ajv';
import catalogSchema from '../../../../schemas/catalog.schema.json';
import defaultCatalogData from '../../../catalog/backup-exec.catalog.json';
import { PortSet } from '../util/portSet';
import type { CatalogData, DescribedItem, ErrorCodeEntry, Feature, Service, Source } from './types';

export * from './types';

export class CatalogError extends Error {
  constructor(readonly problems: string[]) {
    super(`The Backup Exec catalog is invalid:\n- ${problems.join('\n- ')}`);
  }
}

/** The Backup Exec facts, indexed for the checks, hovers and the CLI. */
export class Catalog {
  private readonly servicesById = new Map<string, Service>();
  private readonly sourcesById = new Map<string, Source>();
  private readonly errorsByCode = new Map<string, ErrorCodeEntry>();

  constructor(readonly data: CatalogData) {
    for (const service of data.services) this.servicesById.set(service.id, service);
    for (const source of data.sources) this.sourcesById.set(source.id, source);
    for (const error of data.errors) this.errorsByCode.set(error.code.toLowerCase(), error);
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
      if (role !== 'any' && !roleIds.has(role)) problems.push(`service ${service.id} names unknown role ${role}`);
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
  return problems;
}

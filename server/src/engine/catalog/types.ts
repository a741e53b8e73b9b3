/** Shape of server/catalog/backup-exec.catalog.json (validated by schemas/catalog.schema.json). */

export interface Source {
  id: string;
  title: string;
  url?: string;
  tier: string;
}

export interface DescribedItem {
  id: string;
  name: string;
  description: string;
  sources: string[];
}

export interface Feature extends DescribedItem {
  appliesTo: string;
}

export type ServicePorts =
  | { fixed: number[] }
  | { setting: 'ndmpPort' | 'agentRange' | 'serverRange' }
  | { windowsRules: string[] }
  | { none: true };

export type Requirement =
  | { kind: 'always' }
  | { kind: 'feature'; feature: string }
  | { kind: 'setting'; setting: 'serverRange' }
  | { kind: 'role'; role: string }
  | { kind: 'undocumented' }
  | { kind: 'never' };

export interface SourceCitation {
  id: string;
  quote?: string;
}

export interface Service {
  id: string;
  name: string;
  process: string | null;
  protocol: 'tcp' | 'udp' | 'none';
  ports: ServicePorts;
  /** Roles, or "any" for ports the sources list without a direction. */
  from: string;
  to: string;
  requiredWhen: Requirement;
  /** Only flows to servers with this feature, when any server has it (deduplication storage). */
  targetFeature?: string;
  /** A port that only Backup Exec uses, so opening it without need is worth a word (BEX204). */
  backupExecSpecific: boolean;
  explanation: string;
  sources: SourceCitation[];
  notes?: string[];
}

export interface ErrorCodeEntry {
  code: string;
  message: string;
  meaning: string;
  likelyCause: string;
  services: string[];
  sources: string[];
}

export interface CatalogData {
  version: 1;
  sources: Source[];
  roles: DescribedItem[];
  features: Feature[];
  settings: {
    ndmpPort: { name: string; default: number; description: string; sources: string[] };
    dynamicPorts: {
      name: string;
      range: { from: number; to: number };
      minimumOpenPorts: number;
      portsPerJob: number;
      description: string;
      sources: string[];
      notes?: string[];
    };
  };
  services: Service[];
  errors: ErrorCodeEntry[];
  symptoms: { items: string[]; sources: string[] };
  undocumented: { text: string; sources: string[] };
}

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
  /** `default: 'dynamic-ports'`: the range falls back to the dynamic ports when it is not configured. */
  | { setting: 'ndmpPort' | 'agentRange' | 'serverRange'; default?: 'dynamic-ports' }
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

/**
 * One statement befw makes (a direction, a consequence, an agent's behaviour)
 * and how far the sources carry it: quoted from a source, inferred by befw,
 * or not documented at all. Every surface shows the basis with the text.
 */
export interface Claim {
  text: string;
  basis: 'stated' | 'inferred' | 'undocumented';
  source?: string;
  quote?: string;
}

/** A numeric rule of thumb with the sentence that states it. */
export interface CountClaim extends Claim {
  count: number;
}

/** How a service behaves on an Agent for Linux, where that differs or is unknown. */
export interface AgentClaim extends Claim {
  process?: string;
}

/** What befw can say about a subject that is not a service: advice, or a topic the sources leave undocumented. */
export interface Topic extends Claim {
  id: string;
  name: string;
  /** Lower-case words a user may ask `befw explain` for. */
  terms: string[];
}

export interface AgentType {
  id: 'windows' | 'linux';
  name: string;
  /** How much weight its facts carry, shown beside them ("community source, not Veritas"). */
  tier: string;
  text?: string;
  sources: string[];
}

export interface Service {
  id: string;
  name: string;
  process: string | null;
  protocol: 'tcp' | 'udp' | 'none';
  ports: ServicePorts;
  /** The role that opens the connection: "undocumented" where no source names it, "none" for no network use. */
  from: string;
  to: string;
  requiredWhen: Requirement;
  /** Only flows to servers with this feature, when any server has it (deduplication storage). */
  targetFeature?: string;
  /** The sources document the requirement for the target's own Windows Defender Firewall only. */
  hostFirewallOnly?: boolean;
  /** A port that only Backup Exec uses, so opening it without need is worth a word (BEX204). */
  backupExecSpecific: boolean;
  /** What the service is; who connects and what follows from a block are the claims below. */
  explanation: string;
  /** Who opens the connection (required for services with a protocol). */
  direction?: Claim;
  /** Which way the data travels over the connections, where that differs from who opens them. */
  dataFlow?: Claim;
  /** What a user may see when the flow is blocked, where a source says. */
  whenBlocked?: Claim;
  linuxAgent?: AgentClaim;
  /** Lower-case names users know the service by, besides its process. */
  aliases?: string[];
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

export interface DynamicPortsSetting {
  name: string;
  range: { from: number; to: number };
  /** The two settings' names in Backup Exec (TN255831). */
  settingNames: { server: string; agent: string };
  /** Kept open for the remote system (the remote agent range). */
  minimumOpenPorts: CountClaim;
  portsPerJob: CountClaim;
  /** The article's port table starts the range at 1024, its text at 1025. */
  lowerBoundDisagreement: { port: number; text: string; quotes: SourceCitation[] };
  /** TECH43579's older "49152 onwards". */
  olderExample: Claim & { port: number };
  description: string;
  sources: string[];
  terms: string[];
  notes?: string[];
}

export interface CatalogData {
  version: 1;
  sources: Source[];
  roles: DescribedItem[];
  features: Feature[];
  agents: AgentType[];
  settings: {
    ndmpPort: { name: string; default: number; description: string; sources: string[]; terms?: string[] };
    dynamicPorts: DynamicPortsSetting;
  };
  services: Service[];
  errors: ErrorCodeEntry[];
  symptoms: { items: string[]; quote: string; sources: string[] };
  topics: Topic[];
}

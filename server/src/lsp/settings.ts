import { DEFAULT_OBSERVATION_MAX_AGE_DAYS, type Severity } from '../engine';
import { MAX_GLOBS_PER_SETTING, globProblem } from './globs';

/** The `befw.*` settings, as the server uses them. */
export interface ServerSettings {
  /** Per-code severity overrides, or "off". */
  readonly severity: Readonly<Record<string, Severity | 'off'>>;
  /** Hardening advice: BEX014, BEX203, BEX204. */
  readonly hardening: boolean;
  readonly files: { readonly manifests: readonly string[]; readonly rules: readonly string[] };
  /** Milliseconds of quiet typing before a re-check. */
  readonly diagnosticsDelay: number;
  /** Files over this many megabytes are not checked (BEX019). */
  readonly maxFileSizeMb: number;
  /** The dialect of remediation scripts quick-fixes write beside exports. */
  readonly remediationDialect: 'powershell' | 'netsh';
  /** `befw.probe.maxAgeDays`: probe observations older than this many days are stale (BEX302). */
  readonly observationMaxAgeDays: number;
}

export const DEFAULT_SETTINGS: ServerSettings = {
  severity: {},
  hardening: true,
  files: { manifests: ['**/*.bexnet.yaml'], rules: ['**/*.fwrules.yaml'] },
  diagnosticsDelay: 200,
  maxFileSizeMb: 20,
  remediationDialect: 'powershell',
  observationMaxAgeDays: DEFAULT_OBSERVATION_MAX_AGE_DAYS,
};

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

const strings = (value: unknown, fallback: readonly string[]) =>
  Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : fallback;

/**
 * The globs of one `befw.files.*` setting that are cheap enough to match; each
 * refused one is reported through `warn`, and with none left the default applies.
 */
function boundedGlobs(setting: string, value: unknown, fallback: readonly string[], warn: (message: string) => void): readonly string[] {
  const globs = strings(value, fallback);
  if (globs.length > MAX_GLOBS_PER_SETTING) warn(`befw.${setting}: only the first ${MAX_GLOBS_PER_SETTING} of ${globs.length} globs are used.`);
  const accepted = globs.slice(0, MAX_GLOBS_PER_SETTING).filter((glob) => {
    const problem = globProblem(glob);
    if (problem) warn(`befw.${setting}: the glob "${glob.slice(0, 80)}" is ignored: ${problem}.`);
    return !problem;
  });
  return accepted.length > 0 ? accepted : fallback;
}

/** Reads whatever the client sent; anything malformed falls back to the default, never throws. */
export function normalizeSettings(raw: unknown, warn: (message: string) => void = () => undefined): ServerSettings {
  const value = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const files = (value.files && typeof value.files === 'object' ? value.files : {}) as Record<string, unknown>;
  const severity: Record<string, Severity | 'off'> = {};
  if (value.severity && typeof value.severity === 'object') {
    for (const [code, level] of Object.entries(value.severity)) {
      if (typeof level === 'string' && SEVERITIES.has(level)) severity[code.toUpperCase()] = level as Severity | 'off';
    }
  }
  const delay = (value.diagnostics as Record<string, unknown> | undefined)?.delay;
  const maxAgeDays = (value.probe as Record<string, unknown> | undefined)?.maxAgeDays;
  return {
    severity,
    hardening: typeof value.hardening === 'boolean' ? value.hardening : DEFAULT_SETTINGS.hardening,
    files: {
      manifests: boundedGlobs('files.manifests', files.manifests, DEFAULT_SETTINGS.files.manifests, warn),
      rules: boundedGlobs('files.rules', files.rules, DEFAULT_SETTINGS.files.rules, warn),
    },
    diagnosticsDelay: typeof delay === 'number' && delay >= 0 && delay <= 5000 ? delay : DEFAULT_SETTINGS.diagnosticsDelay,
    maxFileSizeMb: typeof value.maxFileSize === 'number' && value.maxFileSize > 0 ? value.maxFileSize : DEFAULT_SETTINGS.maxFileSizeMb,
    remediationDialect: value.remediationDialect === 'netsh' ? 'netsh' : DEFAULT_SETTINGS.remediationDialect,
    observationMaxAgeDays: typeof maxAgeDays === 'number' && Number.isFinite(maxAgeDays) && maxAgeDays >= 1 ? maxAgeDays : DEFAULT_SETTINGS.observationMaxAgeDays,
  };
}

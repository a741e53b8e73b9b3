import { dialectOf } from '../dialects/registry';
import type { EndpointResolver } from '../model/endpoints';
import { FIREWALL_PROFILES, type Action, type Evaluation, type FirewallModel, type FirewallProfile, type HostModel, type ProfileSettings, type RuleFileModel, type RuleModel } from '../model/types';
import { destinationIndex } from './destinationIndex';
import { chainDefault } from './evaluateChains';

export type Direction = 'inbound' | 'outbound';

export const PROFILE_NAMES: Record<FirewallProfile, string> = { domain: 'Domain', private: 'Private', public: 'Public' };

export const profileList = (profiles: readonly FirewallProfile[]) => profiles.map((p) => PROFILE_NAMES[p]).join(', ');

/** How the profiles a firewall is judged in were chosen. */
export function profileBasis(set: RuleSet): string {
  if (set.profileSource === 'manifest') return `profile ${PROFILE_NAMES[set.profiles[0]]} (the manifest's \`profile:\`)`;
  if (set.profileSource === 'export') return `profile ${profileList(set.profiles)} (active when the export was made)`;
  return 'profile unknown (set `profile:` in the manifest): an allow rule counts only if it applies in every profile, a block rule if in any';
}


/** Where the profiles a firewall is judged in come from. */
export type ProfileSource = 'manifest' | 'export' | 'unknown';

/**
 * The rule files one firewall names, read as one rule set, with what they say
 * of the firewall's profiles and defaults. A Windows host is in one network
 * profile at a time, and rules and defaults may differ per profile: when it is
 * not known which, only what holds in every candidate profile is relied on.
 */
export class RuleSet {
  /** The profiles the firewall is judged in: the manifest's `profile:`, the export's active profiles, or all three. */
  readonly profiles: readonly FirewallProfile[];
  readonly profileSource: ProfileSource;
  /** The first file with per-profile settings (enabled, default actions): whether an export says them at all. */
  readonly settingsFile?: RuleFileModel;
  /** The file a fix writes a new rule into: the last the dialect lets fixes edit (a remediation script after its export), else the first. */
  readonly target: RuleFileModel;

  constructor(
    readonly firewall: FirewallModel,
    readonly files: readonly RuleFileModel[],
  ) {
    const active = files.find((file) => file.activeProfiles)?.activeProfiles?.value;
    const manifest = firewall.profile?.value;
    this.profiles = manifest ? [manifest] : active && active.length > 0 ? active : FIREWALL_PROFILES;
    this.profileSource = manifest ? 'manifest' : active && active.length > 0 ? 'export' : 'unknown';
    this.settingsFile = files.find((file) => file.profileSettings);
    // A file that only states policies for another's chains (/etc/default/ufw) holds no rule to add to.
    const holdsRules = (file: RuleFileModel) => !(file.statedPolicies && (file.chains ?? []).length === 0);
    this.target = [...files].reverse().find((file) => dialectOf(file).edits && holdsRules(file)) ?? files[0];
  }

  /** Whether the profile makes a difference here: some rule or some profile setting differs between profiles. */
  get profileMatters(): boolean {
    const settings = FIREWALL_PROFILES.map((profile) => JSON.stringify(this.settingsOf(profile) ?? {}).replace(/"range":\[[^\]]*\]/, ''));
    return new Set(settings).size > 1 || this.files.some((file) => file.rules.some((rule) => rule.syntax.profiles !== undefined));
  }

  /** A list is read with the first file's semantics (Windows files are block-wins, our YAML says its own). */
  get evaluation(): Evaluation {
    return this.files[0].evaluation;
  }

  /**
   * What each profile says, where an export says it. Exports of one host listed together (a Group
   * Policy export and a local one) are merged value by value, the file listed first winning: list
   * the Group Policy export first, as its values win on the host.
   */
  settingsOf(profile: FirewallProfile): ProfileSettings | undefined {
    if (!this.merged) {
      const merged: Partial<Record<FirewallProfile, ProfileSettings>> = {};
      for (const file of [...this.files].reverse()) {
        for (const name of FIREWALL_PROFILES) {
          const said = file.profileSettings?.[name];
          if (said) merged[name] = { ...merged[name], ...definedOnly(said) };
        }
      }
      this.merged = merged;
    }
    return this.merged[profile];
  }
  private merged?: Partial<Record<FirewallProfile, ProfileSettings>>;

  /** Whether the firewall is off in every profile it is judged in: then it filters nothing. */
  get off(): boolean {
    return this.profiles.every((profile) => this.settingsOf(profile)?.enabled === false);
  }

  /** The default action for unmatched traffic: allow only where every candidate profile allows (or has the firewall off). */
  defaultAction(direction: Direction): Action {
    if (this.evaluation === 'chains') return chainDefault(this.files, direction);
    if (this.off) return 'allow';
    const fallback = (this.settingsFile ?? this.files[0]).defaults[direction];
    const allows = (profile: FirewallProfile) => {
      const settings = this.settingsOf(profile);
      return settings?.enabled === false || (settings?.[direction] ?? fallback) === 'allow';
    };
    return this.profiles.every(allows) ? 'allow' : 'block';
  }

  /**
   * Whether a rule counts where the firewall is judged: only what holds in every
   * candidate profile is relied on, so an allow rule must apply in each profile
   * where the firewall is on (and, inbound, where inbound rules are not ignored),
   * and a block rule in any of them. (A rule without profiles applies in all.)
   */
  applies(rule: RuleModel): boolean {
    return this.whyNot(rule) === undefined;
  }

  /** Why a rule does not count here: its profiles, or a profile that ignores inbound allow rules; undefined when it counts. */
  whyNot(rule: RuleModel): 'profile' | 'inbound-ignored' | undefined {
    const own = rule.syntax.profiles?.value;
    const filtering = this.profiles.filter((profile) => this.settingsOf(profile)?.enabled !== false);
    if (rule.action === 'block') return !own || filtering.some((profile) => own.includes(profile)) ? undefined : 'profile';
    if (own && !filtering.every((profile) => own.includes(profile))) return 'profile';
    return rule.syntax.direction === 'inbound' && filtering.some((profile) => this.settingsOf(profile)?.inboundRulesIgnored) ? 'inbound-ignored' : undefined;
  }

  /** The profiles, of those the firewall is judged in, where the export says inbound allow rules are ignored. */
  get inboundIgnoredIn(): readonly FirewallProfile[] {
    return this.profiles.filter((profile) => this.settingsOf(profile)?.inboundRulesIgnored);
  }

  /** Disabled rules that could otherwise be read: what a missing flow's message may point at. */
  get disabledRules(): readonly RuleModel[] {
    return (this.disabled ??= this.files.flatMap((file) => file.rules.filter((rule) => !rule.enabled && rule.usable)));
  }
  private disabled?: RuleModel[];

  /** The active, usable rules whose destination can be `host`, file by file, each file in its order. */
  rulesTo(host: HostModel, endpoints: EndpointResolver): Iterable<RuleModel> {
    if (this.files.length === 1) return destinationIndex(this.files[0], endpoints).rulesTo(host);
    return this.files.flatMap((file) => [...destinationIndex(file, endpoints).rulesTo(host)]);
  }
}

/** The fields a profile's settings define (an undefined field must not hide another file's value). */
function definedOnly(settings: ProfileSettings): ProfileSettings {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)) as unknown as ProfileSettings;
}

import type { RuleSyntax, RuleValues } from '../model/types';

/**
 * The rules of a script's last parse, by command text. A script is parsed
 * whole after each edit (a variable set above a command can change what it
 * means), but a rule that reads the same as before keeps its syntax object,
 * and with it what was computed from it once: its port set, its signature,
 * its endpoints resolved against the manifest (model/ruleModel.ts).
 */
export class ScriptSyntaxCache {
  private previous = new Map<string, RuleSyntax>();
  private current = new Map<string, RuleSyntax>();

  private parsed = false;

  /**
   * The syntax of the last parse that reads exactly as `syntax`, or `syntax`
   * itself. Its strings are slices of this version of the file, which V8 keeps
   * alive for them: after the first parse, a new rule is kept as a copy, so
   * the rules an edit leaves keep no other version alive than the first.
   */
  reuse(syntax: RuleSyntax): RuleSyntax {
    const earlier = this.previous.get(syntax.text) ?? this.current.get(syntax.text);
    const kept = earlier && sameReading(earlier, syntax) ? earlier : this.parsed ? structuredClone(syntax) : syntax;
    this.current.set(kept.text, kept);
    return kept;
  }

  /** Ends a parse: what it read is what the next one may reuse. */
  finish(): void {
    this.previous = this.current;
    this.current = new Map();
    this.parsed = true;
  }
}

/**
 * Same text, and the same values where a variable may stand for them. Ranges
 * are relative to the command and follow from its text: a value a variable
 * gives is placed at the reference.
 */
function sameReading(a: RuleSyntax, b: RuleSyntax): boolean {
  return a.direction === b.direction && a.name?.value === b.name?.value && sameProfiles(a, b) && sameValues(a.values, b.values);
}

/** Profiles can come from outside the rule's text (a variable; Group Policy's AllowLocalPolicyMerge in a .reg). */
function sameProfiles(a: RuleSyntax, b: RuleSyntax): boolean {
  const [x, y] = [a.profiles?.value, b.profiles?.value];
  return x === y || (x !== undefined && y !== undefined && x.join() === y.join());
}

function sameValues(a: RuleValues, b: RuleValues): boolean {
  const sameList = (x: readonly unknown[], y: readonly unknown[]) => x.length === y.length && x.every((item, i) => item === y[i]);
  return (
    a.action === b.action &&
    a.protocol === b.protocol &&
    a.enabled === b.enabled &&
    sameList(a.from, b.from) &&
    sameList(a.to, b.to) &&
    sameList(a.ports, b.ports) &&
    sameList(a.windowsRules, b.windowsRules)
  );
}

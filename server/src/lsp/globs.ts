import { Minimatch, braceExpand, type MinimatchOptions } from 'minimatch';

/**
 * The globs of `befw.files.*`, which a repository can set in its
 * .vscode/settings.json, bounded in cost before they are compiled, and
 * compiled once per settings change rather than once per file matched.
 */

/** Patterns one glob's braces may stand for: "{a,b}" 30 times is a billion, each compiled to a regex and tried on every file. */
export const MAX_BRACE_PATTERNS = 64;
/**
 * `*` wildcards per path segment. minimatch makes each a lazy regex group
 * that backtracks: "*a*a*a*a*a*a*a*ac" takes a minute on a 65-character file
 * name, three stars 36 ms on 250 characters, two 0.4 ms.
 */
export const MAX_STARS_PER_SEGMENT = 2;
const MAX_GLOB_LENGTH = 1000;
/** Globs per setting: each file is matched against all of them. */
export const MAX_GLOBS_PER_SETTING = 32;

/** Extended globs (`+(a|b)`) nest quantifiers, the textbook catastrophic regex; plain globs do not need them. */
const OPTIONS: MinimatchOptions = { dot: true, noext: true, braceExpandMax: MAX_BRACE_PATTERNS };

/** Why a glob is refused, in a phrase for the log, or undefined when it is fine. */
export function globProblem(glob: string): string | undefined {
  if (glob.length > MAX_GLOB_LENGTH) return `it is longer than ${MAX_GLOB_LENGTH} characters`;
  // One over the limit is enough to know: expansion stops there, so a hostile glob costs microseconds.
  const patterns = braceExpand(glob, { ...OPTIONS, braceExpandMax: MAX_BRACE_PATTERNS + 1 });
  if (patterns.length > MAX_BRACE_PATTERNS) return `its braces stand for more than ${MAX_BRACE_PATTERNS} patterns`;
  const starry = patterns.flatMap((pattern) => pattern.split('/')).find((segment) => segment !== '**' && (segment.match(/\*+/g)?.length ?? 0) > MAX_STARS_PER_SEGMENT);
  if (starry !== undefined) return `a path segment has more than ${MAX_STARS_PER_SEGMENT} "*" wildcards ("${starry.slice(0, 40)}")`;
  return undefined;
}

/** Accepted globs, compiled once. A glob without "/" matches a file name anywhere, as `**\/name` would. */
export class GlobSet {
  private readonly matchers: readonly Minimatch[];

  constructor(globs: readonly string[]) {
    this.matchers = globs.map((glob) => new Minimatch(glob, { ...OPTIONS, matchBase: !glob.includes('/') }));
  }

  matches(path: string): boolean {
    return this.matchers.some((matcher) => matcher.match(path));
  }
}

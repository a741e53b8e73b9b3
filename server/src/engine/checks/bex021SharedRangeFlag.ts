import { dynamicRanges } from '../fixes/rangeFix';
import type { ManifestModel, OffsetRange, SharedRangeFlag } from '../model/types';
import { excerpt } from '../util/excerpt';
import { RANGE_FLAG_NAMES } from './rangeRules';
import type { CheckDefinition, CodeFix, FixData, FixInput } from './types';

export const bex021SharedRangeFlag: CheckDefinition = {
  code: 'BEX021',
  severity: 'information',
  title: 'One enabled flag for both dynamic ranges',
  docs: `settings.dynamicPorts.enabled is the older single flag for both ranges, but Backup Exec has one setting per range (TN255831): "${RANGE_FLAG_NAMES.server}" and "${RANGE_FLAG_NAMES.agent}". Write one flag per range, e.g. server: { enabled: true, range: low-high }. The quick-fix moves the flag into each range written as text and deletes the shared one; it is offered when enabled sits alone on its line in a block mapping beside a range.`,
  check: (context) => {
    const manifest = context.manifest;
    const shared = manifest?.settings.sharedEnabled;
    if (!manifest || !shared) return [];
    const textForm = dynamicRanges(manifest).find((r) => !r.setting.ownFlag);
    const example = `${textForm?.key ?? 'agent'}: { enabled: ${shared.value}, range: ${textForm ? excerpt(textForm.setting.text.value.trim()) : 'low-high'} }`;
    return [
      {
        uri: manifest.uri,
        range: shared.entryRange,
        message: `"enabled: ${shared.value}" is one flag for both dynamic ranges, but Backup Exec has one per range (TN255831): "${RANGE_FLAG_NAMES.server}" and "${RANGE_FLAG_NAMES.agent}". Write one flag per range, e.g. ${example}.`,
        data: oneFlagPerRangeData(manifest, shared),
      },
    ];
  },
  fix: oneFlagPerRangeFix,
};

/** An edit and the text it replaces, so the fix can tell whether the file still reads as it did. */
interface CheckedEdit {
  readonly range: OffsetRange;
  readonly oldText: string;
  readonly newText: string;
}

/** Matches what may follow a value on its line: blanks, a comment, the line break. */
const REST_OF_LINE = /[ \t]*(?:#[^\r\n]*)?(?:\r?\n|$)/y;

/** The whole line of `range`, with its comment and line break, when the range is alone on one line. */
function ownLine(text: string, [start, end]: OffsetRange): OffsetRange | undefined {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (text.slice(lineStart, start).trim() !== '' || text.slice(start, end).includes('\n')) return undefined;
  REST_OF_LINE.lastIndex = end;
  const rest = REST_OF_LINE.exec(text);
  return rest ? [lineStart, end + rest[0].length] : undefined;
}

/**
 * Each range written as text becomes { enabled: <shared value>, range: <its text> }
 * and the shared flag's line goes; undefined when that line cannot be deleted
 * cleanly (a flow mapping, other entries on it) or nothing would be left beside it.
 */
function oneFlagPerRangeData(manifest: ManifestModel, shared: SharedRangeFlag): FixData | undefined {
  const { text } = manifest;
  const line = shared.inBlockMapping ? ownLine(text, shared.entryRange) : undefined;
  const ranges = dynamicRanges(manifest);
  if (!line || ranges.length === 0) return undefined;
  const rewrites = ranges
    .filter(({ setting }) => !setting.ownFlag)
    .map(({ setting }): CheckedEdit => {
      const written = text.slice(setting.text.range[0], setting.text.range[1]);
      return { range: setting.text.range, oldText: written, newText: `{ enabled: ${shared.value}, range: ${written} }` };
    });
  // A block or folded scalar cannot sit inside a flow mapping.
  if (rewrites.some((edit) => edit.oldText.includes('\n'))) return undefined;
  const edits: CheckedEdit[] = [...rewrites, { range: line, oldText: text.slice(line[0], line[1]), newText: '' }];
  return { fix: 'one-flag-per-range', edits };
}

/** The quick-fix of BEX021, if the manifest still reads as it did. */
function oneFlagPerRangeFix(input: FixInput): CodeFix[] {
  const manifest = input.manifest;
  const edits = input.data.edits as readonly CheckedEdit[];
  if (!manifest || !edits.every((edit) => manifest.text.slice(edit.range[0], edit.range[1]) === edit.oldText)) return [];
  return [
    {
      title: 'Write one enabled flag per range',
      isPreferred: true,
      edits: [{ uri: manifest.uri, edits: edits.map(({ range, newText }) => ({ range, newText })) }],
    },
  ];
}

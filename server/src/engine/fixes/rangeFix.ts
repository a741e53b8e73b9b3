import type { CodeFix, FixData, FixInput } from '../checks/types';
import type { ManifestModel, OffsetRange, RangeSetting } from '../model/types';
import type { PortInterval } from '../util/portSet';
import { formatInterval } from '../util/portSet';

export interface DynamicRange {
  /** Its key under settings.dynamicPorts. */
  readonly key: 'server' | 'agent';
  readonly label: string;
  readonly setting: RangeSetting;
  readonly other?: RangeSetting;
}

/** Names the two dynamic ranges of a manifest, for messages and fixes. */
export function dynamicRanges(manifest: ManifestModel): DynamicRange[] {
  const { serverRange, agentRange } = manifest.settings;
  const result: DynamicRange[] = [];
  if (serverRange) result.push({ key: 'server', label: 'server range', setting: serverRange, other: agentRange });
  if (agentRange) result.push({ key: 'agent', label: 'agent range', setting: agentRange, other: serverRange });
  return result;
}

/**
 * A range of at least `size` ports that keeps `interval`'s start (or else its
 * end), stays inside `bounds` and does not overlap `avoid`; undefined if none does.
 */
export function widenedRange(interval: PortInterval, size: number, bounds: PortInterval, avoid?: PortInterval): PortInterval | undefined {
  const candidates = [
    { from: interval.from, to: interval.from + size - 1 },
    { from: interval.to - size + 1, to: interval.to },
  ];
  return candidates.find(
    (c) => c.from >= bounds.from && c.to <= bounds.to && !(avoid && c.from <= avoid.to && avoid.from <= c.to),
  );
}

export function rewriteRangeData(setting: RangeSetting, replacement: PortInterval): FixData {
  return { fix: 'rewrite-range', range: setting.text.range, oldText: setting.text.value, newText: formatInterval(replacement) };
}

/** The quick-fix of BEX010-BEX012: rewrite the range in the manifest, if it still reads as it did. */
export function rewriteRangeFix(input: FixInput): CodeFix[] {
  const manifest = input.manifest;
  const range = input.data.range as OffsetRange;
  if (!manifest || manifest.text.slice(range[0], range[1]) !== input.data.oldText) return [];
  const newText = String(input.data.newText);
  return [{ title: `Change the range to ${newText}`, isPreferred: true, edits: [{ uri: manifest.uri, edits: [{ range, newText }] }] }];
}

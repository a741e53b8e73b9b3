import type { Catalog } from '../catalog/catalog';
import type { OffsetEdit } from '../checks/types';
import { yamlScalar } from '../dialects/yaml/edits';
import type { HostModel, ManifestModel } from '../model/types';
import { excerpt } from '../util/excerpt';
import { HOST_ROLES, hostAddressProblem, hostNameProblem, hostRoleProblem } from './hostEntry';

export interface NewHost {
  readonly name: string;
  readonly role: string;
  readonly address: string;
}

/** A role to choose for a new host: its id, and what the catalog calls it and says of it. */
export interface HostRoleChoice {
  readonly id: string;
  readonly name: string;
  readonly description: string;
}

export function hostRoleChoices(catalog: Catalog): HostRoleChoice[] {
  return HOST_ROLES.map((id) => ({ id, name: catalog.role(id)?.name ?? id, description: catalog.role(id)?.description ?? '' }));
}

/**
 * The edit that adds a host to the manifest's `hosts:`, after the last one and
 * written like it: a flow map (`- { name: …, role: …, address: … }`), a block
 * map, or an item of a flow list. Nothing else of the text changes.
 */
export function addManifestHost(manifest: ManifestModel, host: NewHost): { edit: OffsetEdit } | { error: string } {
  const problem = hostNameProblem(host.name) ?? hostRoleProblem(host.role) ?? hostAddressProblem(host.address);
  if (problem) return { error: problem };
  if (manifest.hosts.some((known) => known.name.value === host.name)) return { error: `the manifest already has a host "${excerpt(host.name)}"` };
  // A host that did not parse is not among manifest.hosts: the new one could land before it, or inside it.
  if (manifest.problems.length > 0) return { error: `the manifest has ${manifest.problems.length} problem(s); fix them first` };
  const last = manifest.hosts.reduce<HostModel | undefined>((latest, h) => (!latest || h.range[0] > latest.range[0] ? h : latest), undefined);
  if (!last) return { error: `the manifest lists no host to write "${excerpt(host.name)}" like: add it under hosts: by hand` };
  const edit = afterHost(manifest.text, last, [
    ['name', yamlScalar(host.name)],
    ['role', host.role],
    ['address', yamlScalar(host.address.trim())],
  ]);
  return edit ? { edit } : { error: 'the hosts: list is written in a way befw does not edit: add the host by hand' };
}

type Fields = readonly (readonly [key: string, value: string])[];

function afterHost(text: string, last: HostModel, fields: Fields): OffsetEdit | undefined {
  const [start, end] = last.range;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const flowMap = text[start] === '{';
  const written = flowMap ? flowMapText(text, start, fields) : undefined;
  let before = start - 1;
  while (before >= 0 && /\s/.test(text[before])) before--;
  if (text[before] === '-') {
    // An item of a block list: a new "- …" line after the last line of the host, indented as it is.
    const dashLine = lineStart(text, before);
    const indent = text.slice(dashLine, before);
    if (/\S/.test(indent)) return undefined;
    const at = itemEnd(text, lineEnd(text, lastNonBlank(text, start, end)), indent.length);
    const sameLine = lineStart(text, start) === dashLine;
    const gap = sameLine ? text.slice(before + 1, start) : ' ';
    if (written) return { range: [at, at], newText: `${eol}${indent}-${gap}${written}` };
    const keys = ' '.repeat(indent.length + 1 + gap.length);
    return { range: [at, at], newText: `${eol}${indent}-${gap}${fields.map(([key, value]) => `${key}: ${value}`).join(`${eol}${keys}`)}` };
  }
  if ((text[before] === '[' || text[before] === ',') && written) {
    // An item of a flow list: after the last one, on a line of its own when that one has its own.
    const own = !/\S/.test(text.slice(lineStart(text, start), start));
    return { range: [end, end], newText: own ? `,${eol}${text.slice(lineStart(text, start), start)}${written}` : `, ${written}` };
  }
  return undefined;
}

/** `{ name: x, role: y, address: z }`, spaced inside the braces as the map at `start` is. */
function flowMapText(text: string, start: number, fields: Fields): string {
  const pad = text[start + 1] === ' ' ? ' ' : '';
  return `{${pad}${fields.map(([key, value]) => `${key}: ${value}`).join(', ')}${pad}}`;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The end of the line holding `offset`, before its line break (a trailing comment stays on its line). */
function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  if (newline === -1) return text.length;
  return text[newline - 1] === '\r' ? newline - 1 : newline;
}

/** After the comment lines indented under the item that ends at `at`: they are about it. */
function itemEnd(text: string, at: number, dashColumn: number): number {
  for (;;) {
    const next = text.indexOf('\n', at) + 1;
    if (next === 0) return at;
    const comment = /^( *)#/.exec(text.slice(next, lineEnd(text, next)));
    if (!comment || comment[1].length <= dashColumn) return at;
    at = lineEnd(text, next);
  }
}

function lastNonBlank(text: string, start: number, end: number): number {
  let at = end - 1;
  while (at > start && /\s/.test(text[at])) at--;
  return at;
}

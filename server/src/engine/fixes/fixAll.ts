import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../util/lineIndex';
import type { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import type { SourceText } from '../model/types';
import type { CheckSettings, FirewallService, QuickFix } from '../service';

/** Fixes are applied one at a time and the files re-checked between them; this bounds the loop. */
const MAX_ROUNDS = 100;

/**
 * Applies, in `uri`, every fix for diagnostics `wanted` selects, re-checking
 * after each so that later fixes see earlier ones. Returns one minimal edit per
 * changed file, computed against the texts the caller gave.
 */
export async function fixAll(
  service: FirewallService,
  manifest: SourceText,
  settings: CheckSettings,
  uri: string,
  wanted: (diagnostic: Diagnostic) => boolean,
): Promise<Record<string, TextEdit[]>> {
  const overlay = new Map<string, string>();
  const original = new Map<string, string>();
  const textOf = (fileUri: string) => overlay.get(fileUri) ?? (fileUri === manifest.uri ? manifest.text : settings.documents?.(fileUri));
  const unfixable = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const report = await service.checkManifest({ uri: manifest.uri, text: textOf(manifest.uri)! }, { ...settings, documents: textOf });
    const candidates = (report.diagnostics.get(uri) ?? []).filter((d) => wanted(d) && !unfixable.has(keyOf(d)));
    let applied = false;
    for (const diagnostic of candidates) {
      const fixes = service.getQuickFixes(report, diagnostic);
      const fix = fixes.find((f) => f.isPreferred) ?? fixes[0];
      unfixable.add(keyOf(diagnostic));
      // A fix that makes a file (a remediation script) is offered on its own, never applied in bulk.
      if (!fix || fix.creates) continue;
      const checkedText = (u: string) => (report.manifest?.uri === u ? report.manifest.text : report.ruleFiles.find((r) => r.uri === u)?.text);
      for (const [fileUri, before, after] of applyQuickFix(fix, checkedText)) {
        // The first text seen of a file (open, or read from disk by the check) is what the edit is made against.
        if (!original.has(fileUri)) original.set(fileUri, before);
        overlay.set(fileUri, after);
      }
      applied = true;
      break;
    }
    if (!applied) break;
  }
  const changes: Record<string, TextEdit[]> = {};
  for (const [fileUri, before] of original) {
    const after = overlay.get(fileUri)!;
    if (after !== before) changes[fileUri] = [minimalEdit(before, after)];
  }
  return changes;
}

function keyOf(diagnostic: Diagnostic): string {
  return `${String(diagnostic.code)}\u0000${String(diagnostic.message)}`;
}

/** Each file the fix changes: its text before and after the fix's edits. */
function applyQuickFix(fix: QuickFix, textOf: (uri: string) => string | undefined): [string, string, string][] {
  return Object.entries(fix.changes).flatMap(([uri, edits]): [string, string, string][] => {
    const text = textOf(uri);
    return text === undefined ? [] : [[uri, text, TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 0, text), edits)]];
  });
}

/** One edit replacing only what differs between the two texts, so the rest of the file is untouched. */
export function minimalEdit(before: string, after: string): TextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  const document = new LineIndex(before);
  return { range: { start: document.positionAt(start), end: document.positionAt(endBefore) }, newText: after.slice(start, endAfter) };
}

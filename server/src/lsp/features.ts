import {
  CodeActionKind,
  CompletionItemKind,
  CreateFile,
  TextDocumentEdit,
  TextEdit,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  SymbolKind,
  type CodeAction,
  type CodeLens,
  type CompletionItem,
  type Diagnostic,
  type DocumentSymbol,
  type Hover,
  type Location,
  type Position,
  type WorkspaceEdit,
} from 'vscode-languageserver-types';
import {
  checkByCode,
  doComplete,
  doHover,
  findDefinition,
  findReferences,
  flowLenses,
  getSuppressionFix,
  manifestSymbols,
  observationLenses,
  ruleFileSymbols,
  type CompletionKind,
  type SymbolEntry,
  type SymbolKind as EngineSymbolKind,
  type QuickFix,
} from '../engine';
import { askingCommand } from './addHost';
import { PositionConverter } from './convert';
import type { EditableDocument } from './editableDocument';
import type { Project } from './project';
import { REVEAL_LOCATION_COMMAND, SHOW_FLOW_MAP_COMMAND, SHOW_REQUIRED_FLOWS_COMMAND } from './protocol';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.befw`;
/** The codes "fix all" applies: the required-flow findings. */
const FIX_ALL_CODES = /^BEX1\d\d$/;

const COMPLETION_KINDS: Record<CompletionKind, CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  host: CompletionItemKind.Reference,
  service: CompletionItemKind.Constant,
  feature: CompletionItemKind.EnumMember,
  role: CompletionItemKind.EnumMember,
  snippet: CompletionItemKind.Snippet,
};

const SYMBOL_KINDS: Record<EngineSymbolKind, SymbolKind> = {
  group: SymbolKind.Namespace,
  host: SymbolKind.Object,
  firewall: SymbolKind.Interface,
  rule: SymbolKind.Field,
  setting: SymbolKind.Property,
};

/** The language features over the engine: positions in, LSP shapes out. */
export class Features {
  readonly positions: PositionConverter;

  constructor(
    private readonly project: Project,
    private readonly openDocument: (uri: string) => EditableDocument | undefined,
  ) {
    this.positions = new PositionConverter((uri) => this.textOf(uri));
  }

  private textOf(uri: string): string | undefined {
    const open = this.openDocument(uri)?.getText();
    if (open !== undefined) return open;
    const report = this.project.reportFor(uri);
    if (report?.manifest?.uri === uri) return report.manifest.text;
    return report?.ruleFiles.find((r) => r.uri === uri)?.text;
  }

  private at(uri: string, position: Position) {
    const document = this.openDocument(uri);
    const file = this.project.openFile(uri);
    if (!document || !file) return undefined;
    return { document, file, offset: document.offsetAt(position), report: this.project.reportFor(uri) };
  }

  /** A place in an open probe results file; its hovers measure ages from now. */
  private inObservations(uri: string, position: Position) {
    const document = this.openDocument(uri);
    const file = this.project.openObservations(uri, Date.now());
    if (!document || !file) return undefined;
    return { document, file, offset: document.offsetAt(position), report: this.project.reportFor(uri) };
  }

  hover(uri: string, position: Position): Hover | null {
    const where = this.at(uri, position) ?? this.inObservations(uri, position);
    if (!where) return null;
    const { document, file, offset, report } = where;
    const found = doHover({ catalog: this.project.service.catalog, report, file, offset });
    const onDiagnostics = this.project.diagnostics(uri).filter((d) => contains(document, d, offset));
    const parts = [...(found ? [found.markdown] : []), ...onDiagnostics.map((d) => this.explainDiagnostic(uri, d))];
    if (parts.length === 0) return null;
    const range = found ? { start: document.positionAt(found.range[0]), end: document.positionAt(found.range[1]) } : onDiagnostics[0].range;
    return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') }, range };
  }

  /** The check a diagnostic of `uri` came from, for its fixes. */
  private reportOf(uri: string, diagnostic: Diagnostic) {
    const reports = this.project.reportsFor(uri);
    return reports.find((r) => r.diagnostics.get(uri)?.some((d) => sameDiagnostic(d, diagnostic))) ?? reports[0];
  }

  private explainDiagnostic(uri: string, diagnostic: Diagnostic): string {
    const check = checkByCode(String(diagnostic.code));
    const lines = [`**${String(diagnostic.code)}**: ${String(diagnostic.message)}`];
    if (check) lines.push('', check.docs);
    const report = this.reportOf(uri, diagnostic);
    const fixes = report ? this.project.service.getQuickFixes(report, diagnostic, this.project.fixOptions()) : [];
    if (fixes.length > 0) lines.push('', `Quick fix: ${fixes.map((f) => f.title).join('; ')}`);
    if (diagnostic.codeDescription) lines.push('', `[Documentation](${diagnostic.codeDescription.href})`);
    return lines.join('\n');
  }

  completion(uri: string, position: Position): CompletionItem[] {
    const where = this.at(uri, position);
    if (!where) return [];
    const { document, file, offset, report } = where;
    return doComplete({ catalog: this.project.service.catalog, report, file, offset }).map((entry) => ({
      label: entry.label,
      kind: COMPLETION_KINDS[entry.kind],
      detail: entry.detail,
      documentation: entry.documentation ? { kind: MarkupKind.Markdown, value: entry.documentation } : undefined,
      filterText: entry.filterText,
      sortText: entry.sortText,
      // A snippet carries its own indentation, so the client must not add the line's again.
      ...(entry.kind === 'snippet' ? { insertTextFormat: InsertTextFormat.Snippet, insertTextMode: InsertTextMode.asIs } : { insertTextFormat: InsertTextFormat.PlainText }),
      textEdit: { range: { start: document.positionAt(entry.range[0]), end: document.positionAt(entry.range[1]) }, newText: entry.insertText },
    }));
  }

  symbols(uri: string): DocumentSymbol[] {
    const file = this.project.openFile(uri);
    const document = this.openDocument(uri);
    if (!file || !document) return [];
    const convert = (entry: SymbolEntry): DocumentSymbol => ({
      name: entry.name || '(unnamed)',
      detail: entry.detail,
      kind: SYMBOL_KINDS[entry.kind],
      range: { start: document.positionAt(entry.range[0]), end: document.positionAt(entry.range[1]) },
      selectionRange: { start: document.positionAt(entry.selectionRange[0]), end: document.positionAt(entry.selectionRange[1]) },
      children: entry.children?.map(convert),
    });
    return (file.kind === 'manifest' ? manifestSymbols(file.model) : ruleFileSymbols(file.model)).map(convert);
  }

  definition(uri: string, position: Position): Location[] {
    const where = this.at(uri, position);
    if (!where) return [];
    return findDefinition(where.report, where.file, where.offset).flatMap((place) => this.positions.location(place) ?? []);
  }

  references(uri: string, position: Position, includeDeclaration: boolean): Location[] {
    const where = this.at(uri, position);
    if (!where) return [];
    return findReferences(where.report, where.file, where.offset, includeDeclaration).flatMap((place) => this.positions.location(place) ?? []);
  }

  codeLenses(uri: string): CodeLens[] {
    return this.project.reportsFor(uri).flatMap((report) => [
      ...flowLenses(report, uri).flatMap((lens) => {
        const range = this.positions.range(uri, lens.range);
        if (!range) return [];
        // The counts open the map with the firewall highlighted; "table" keeps its rows a keyboard and a screen reader can walk.
        const target = [lens.manifestUri, lens.firewall];
        return [
          { range, command: { title: lens.title, command: SHOW_FLOW_MAP_COMMAND, arguments: target } },
          { range, command: { title: 'table', command: SHOW_REQUIRED_FLOWS_COMMAND, arguments: target } },
        ];
      }),
      // What probes saw opens the newest observation's line in its results file.
      ...observationLenses(report, uri).flatMap((lens) => {
        const range = this.positions.range(uri, lens.range);
        return range ? [{ range, command: { title: lens.title, command: REVEAL_LOCATION_COMMAND, arguments: [lens.reveal] } }] : [];
      }),
    ]);
  }

  /** Quick-fixes for the diagnostics in the request, "disable for this line", and the fix-all source action. */
  codeActions(uri: string, diagnostics: readonly Diagnostic[], only: readonly string[] | undefined): CodeAction[] {
    const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
    const actions: CodeAction[] = [];
    const text = this.openDocument(uri)?.getText();
    if (wants(CodeActionKind.QuickFix)) {
      for (const diagnostic of diagnostics.filter((d) => d.source === 'befw')) {
        // Only a diagnostic of the latest check carries fix data that matches the text.
        const current = this.project.diagnostics(uri).find((d) => sameDiagnostic(d, diagnostic));
        if (!current) continue;
        const report = this.reportOf(uri, current);
        for (const fix of report ? this.project.service.getQuickFixes(report, current, this.project.fixOptions()) : []) {
          // A fix that asks first runs the client's command, which asks and then requests the edit.
          const action = fix.asks ? { command: askingCommand(fix.title, fix.asks) } : { edit: workspaceEdit(fix) };
          actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.isPreferred, ...action });
        }
        if (text !== undefined) {
          const suppression = getSuppressionFix(uri, text, current, this.project.formatOf(uri));
          if (suppression) actions.push({ title: suppression.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: suppression.changes } });
        }
      }
    }
    if (wants(FIX_ALL_KIND) && this.project.diagnostics(uri).some((d) => FIX_ALL_CODES.test(String(d.code)))) {
      actions.push({ title: 'Fix all BEX1xx in this file', kind: FIX_ALL_KIND, data: { uri } });
    }
    return actions;
  }
}

export function isFixAllCode(code: unknown): boolean {
  return FIX_ALL_CODES.test(String(code));
}

function contains(document: EditableDocument, diagnostic: Diagnostic, offset: number): boolean {
  return document.offsetAt(diagnostic.range.start) <= offset && offset <= document.offsetAt(diagnostic.range.end);
}

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return (
    a.code === b.code &&
    a.message === b.message &&
    a.range.start.line === b.range.start.line &&
    a.range.start.character === b.range.start.character &&
    a.range.end.line === b.range.end.line &&
    a.range.end.character === b.range.end.character
  );
}

/** A fix as a workspace edit: plain changes, or, when it makes a file, document changes that create it first. */
function workspaceEdit(fix: QuickFix): WorkspaceEdit {
  if (!fix.creates) return { changes: fix.changes };
  return {
    documentChanges: [
      ...fix.creates.flatMap(({ uri, text }) => [
        // A script of that name may exist, left out of the manifest's list: it is kept, the rule goes at its top.
        CreateFile.create(uri, { ignoreIfExists: true, overwrite: false }),
        TextDocumentEdit.create({ uri, version: null }, [TextEdit.insert({ line: 0, character: 0 }, text)]),
      ]),
      ...Object.entries(fix.changes).map(([uri, edits]) => TextDocumentEdit.create({ uri, version: null }, edits)),
    ],
  };
}

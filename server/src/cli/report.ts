import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { VERSION } from '../version';
import { buildFlowMap, escapeControls, filePath, fileUri, FLOW_MAP_CSS, renderFlowMapSvg, renderReportHtml, renderReportMarkdown, type FlowMap } from '../engine';
import { FileReadError } from '../platform/textFiles';
import { parsed, quoted, sameFile, UsageError, writeOutput, type Io } from './args';
import { shownPath } from './formats';
import { readSite, SITE_OPTIONS } from './readSite';

const REPORT_FORMATS = ['html', 'markdown'] as const;

/**
 * `befw report`: the flow map, the flow × firewall table, the findings and the
 * sources of every manifest found, as one self-contained HTML page or as
 * Markdown. 0 once written: a report describes, `befw check` is the gate.
 * 2 on a usage problem, or when a manifest could not be read (the report of the others is still written).
 */
export async function reportCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parsed(() =>
    parseArgs({ args: [...args], options: { format: { type: 'string', default: 'html' }, output: { type: 'string' }, ...SITE_OPTIONS }, allowPositionals: true, strict: true }),
  );
  const format = values.format as (typeof REPORT_FORMATS)[number];
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format must be html or markdown, not ${quoted(String(values.format))}`);
  const { found, service, settings } = await readSite(positionals, values, io, 'manifests');
  const maps: FlowMap[] = [];
  const inputs: string[] = [];
  let unread = 0;
  for (const path of found.manifests) {
    const uri = fileUri(path);
    const report = await service.checkManifestFile(uri, settings).catch((error: unknown) => {
      if (!(error instanceof FileReadError)) throw error;
      io.err(`befw: cannot read ${quoted(shownPath(path, io.cwd))}: ${error.message}; it is left out of the report\n`);
      return undefined;
    });
    if (!report) {
      unread++;
      continue;
    }
    const map = buildFlowMap(report, service.catalog);
    // A manifest too large to read has no model: the map still belongs to its file.
    maps.push(map.manifestUri ? map : { ...map, manifestUri: uri });
    inputs.push(path, ...report.bindings.map((binding) => filePath(binding.ruleFileUri)));
  }
  if (maps.length === 0) throw new UsageError('no manifest could be read, so no report was written');
  const relativePath = (uri: string) => shownPath(filePath(uri), io.cwd);
  const text =
    format === 'markdown'
      ? renderReportMarkdown(maps, { relativePath })
      : renderReportHtml(
          maps.map((map) => ({ map, svg: renderFlowMapSvg(map, { interactive: false }) })),
          { title: `Backup Exec flow map: ${positionals.join(', ') || '.'}`, generatedAt: new Date().toISOString(), relativePath, version: VERSION, css: FLOW_MAP_CSS },
        );
  const status = unread > 0 ? 2 : 0;
  if (values.output === undefined) {
    io.out(text);
    return status;
  }
  const output = resolve(io.cwd, values.output);
  for (const input of inputs) {
    if (await sameFile(output, input)) throw new UsageError(`--output ${quoted(values.output)} is ${quoted(shownPath(input, io.cwd))}, a file the report reads; write the report to another file`);
  }
  await writeOutput(values.output, text, io.cwd);
  io.err(`befw: wrote the report of ${maps.length} manifest(s) to ${escapeControls(values.output)}\n`);
  return status;
}

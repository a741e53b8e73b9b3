import assert from 'node:assert/strict';
import { doHover } from '../../server/src/engine';
import { checkFiles, type FileSet } from './engine';

/**
 * The engine's hover on the `nth` occurrence of `needle` in the rule file
 * `ruleFile`, after a check of the whole site as the server makes it; the
 * hover's range must cover `needle` exactly.
 */
export async function hoverInRuleFile(files: FileSet, manifest: string, ruleFile: string, needle: string, nth = 0): Promise<string> {
  const { service, report } = await checkFiles(files, manifest);
  const model = report.ruleFiles.find((r) => r.uri.endsWith(`/${ruleFile}`));
  assert.ok(model, `${ruleFile} is checked with ${manifest}`);
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = files[ruleFile].indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `"${needle}" #${nth} is in ${ruleFile}`);
  const result = doHover({ catalog: service.catalog, report, file: { kind: 'rules', model }, offset: offset + 1 });
  assert.ok(result, `a hover on "${needle}" #${nth}`);
  assert.equal(files[ruleFile].slice(result.range[0], result.range[1]), needle);
  return result.markdown;
}

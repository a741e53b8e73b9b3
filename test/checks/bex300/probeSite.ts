import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckSettings } from '../../../server/src/engine/service';
import { checkFiles, sourceFolder, type FileSet } from '../../support/engine';

/** The site the BEX300-BEX303 tests probe: be01 behind nothing, sql01 behind "dmz", fs01 beside be01. */
export const SITE = 'site.bexnet.yaml';
export const DMZ = 'dmz.fwrules.yaml';

/** The time the tests' observations are judged at: a week after most of them. */
export const NOW = Date.parse('2026-11-30T12:00:00Z');

/** The site's files with the given results files (from `folder`, a test's own), all in one folder. */
export function probedSite(compiledDir: string, results: Record<string, string>): FileSet {
  const site = join(sourceFolder(compiledDir), '..', 'bex300');
  const files: FileSet = { [SITE]: readFileSync(join(site, SITE), 'utf8'), [DMZ]: readFileSync(join(site, DMZ), 'utf8') };
  for (const [name, fixture] of Object.entries(results)) files[name] = readFileSync(join(sourceFolder(compiledDir), fixture), 'utf8');
  return files;
}

/** Checks the probed site at NOW, with the results files beside the manifest. */
export function checkProbed(files: FileSet, settings: CheckSettings = {}) {
  return checkFiles(files, SITE, { now: NOW, ...settings });
}

import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { escapeControls, getDefaultCatalog, newSite, type NewSiteField } from '../engine';
import { describeFileError } from '../platform/textFiles';
import { parsed, quoted, UsageError, type Io } from './args';

/** The option each of newSite's fields comes from, to name it in a message. */
const OPTION_OF: Record<NewSiteField, string> = { server: '--server', agents: '--agents', firewall: '--firewall', dialect: '--dialect', linuxDialect: '--linux-dialect' };

/** `befw new-site`: what "Backup Exec: New site…" writes, into a folder (never over a file). */
export async function newSiteCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parsed(() =>
    parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        server: { type: 'string' },
        agents: { type: 'string' },
        firewall: { type: 'string', default: 'host' },
        dialect: { type: 'string', default: 'yaml' },
        'linux-dialect': { type: 'string' },
        folder: { type: 'string', default: '.' },
      },
    }),
  );
  if (positionals.length > 0) throw new UsageError(`new-site takes options only, not ${quoted(positionals[0])}`);
  if (values.server === undefined || values.agents === undefined) throw new UsageError('new-site needs --server <name=address> and --agents "<name=address>, …"');
  const site = newSite(
    { server: values.server, agents: values.agents, firewall: values.firewall as 'host' | 'network', dialect: values.dialect!, linuxDialect: values['linux-dialect'] },
    getDefaultCatalog(),
  );
  if ('error' in site) throw new UsageError(`${OPTION_OF[site.field]}: ${site.error}`);
  const folder = resolve(io.cwd, values.folder!);
  await fs.mkdir(folder, { recursive: true }).catch((error: unknown) => {
    throw new UsageError(`cannot make the folder ${quoted(values.folder!)}: ${describeFileError(error)}`);
  });
  const paths = site.files.map((file) => ({ ...file, path: join(folder, file.relativePath) }));
  const existing = [];
  for (const { relativePath, path } of paths) if (await fs.lstat(path).then(() => true, () => false)) existing.push(quoted(relativePath));
  if (existing.length > 0) throw new UsageError(`${existing.join(', ')} ${existing.length === 1 ? 'exists' : 'exist'} already in ${quoted(values.folder!)}: nothing was written`);
  for (const { relativePath, path, text } of paths) {
    // 'wx': a file made meanwhile is not overwritten either.
    await fs.writeFile(path, text, { flag: 'wx' }).catch((error: unknown) => {
      throw new UsageError(`cannot write ${quoted(join(values.folder!, relativePath))}: ${describeFileError(error, 'its folder is gone')}`);
    });
  }
  io.err(`befw: wrote ${site.files.map((file) => escapeControls(file.relativePath)).join(', ')}; check them with "befw check ${escapeControls(join(values.folder!, site.files[0].relativePath))}"\n`);
  return 0;
}

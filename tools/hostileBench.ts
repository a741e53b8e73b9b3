import { performance } from 'node:perf_hooks';
import { OURS, launch, type ServerUnderTest } from './lspBench';
import { seededRandom } from './seededRandom';
import { shapeById } from './shapes';

/**
 * npm run bench:hostile: the language server under input an editor can send
 * it, timed over stdio with its default settings (a 200 ms debounce):
 * - 1,000 one-rule edits queued on a 50,000-rule file, then a hover: how long the hover waits;
 * - 5 MB of garbage pasted into a rule file, then a hover every 20 ms for 3 s on
 *   the pasted file and on the manifest: the slowest answer, and peak RSS.
 * BENCH_GARBAGE="]",keys picks garbage kinds by part of their name (empty: none);
 * BENCH_SKIP_EDITS=1 skips the edits.
 */
const TIMEOUT_MS = 180_000;
const PASTE = 5 * 1024 * 1024;
/** Ours with its default settings, or another build of it (BENCH_SERVER=path/to/server.js), to compare before and after a change. */
const EDITOR: ServerUnderTest = { ...OURS, command: [process.env.BENCH_SERVER ?? OURS.command[0]], configuration: () => ({}) };

/** The first bench's site: a manifest (site.bexnet.yaml) and one rule file of `ruleCount` rules. */
const singleSite = (ruleCount: number) => shapeById('single').generate(ruleCount);
const MANIFEST = 'site.bexnet.yaml';

/** Text that YAML and befw find hard, each `PASTE` characters long. */
const GARBAGE: Record<string, () => string> = {
  'random printable lines': () => {
    const pick = seededRandom(42);
    return Array.from({ length: PASTE / 61 }, () => `${Array.from({ length: 60 }, () => String.fromCharCode(32 + Math.floor(pick() * 95))).join('')}\n`).join('');
  },
  '"]" lines': () => ']\n'.repeat(PASTE / 2),
  '"[" nesting': () => '['.repeat(PASTE),
  '"{a: " nesting': () => '{a: '.repeat(PASTE / 4),
  '"a: b: c: d" lines': () => 'a: b: c: d\n'.repeat(PASTE / 11),
  'quotes': () => '"'.repeat(PASTE),
  'unique keys': () => Array.from({ length: PASTE / 12 }, (_, i) => `k${String(i).padStart(7, '0')}: 1\n`).join(''),
  'empty list items': () => '- \n'.repeat(PASTE / 3),
};

/** Peak RSS, or why it is unknown (the server died). */
const rss = (session: Awaited<ReturnType<typeof launch>>) => {
  try {
    return `${session.peakRssMb().toFixed(0)} MB`;
  } catch {
    return 'server gone';
  }
};
const ms = (value: number) => (value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`);
const hoverAt = (session: Awaited<ReturnType<typeof launch>>, uri: string, line: number, character: number) =>
  session.within('hover', session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } }));

/** Opens the site's files and waits for the first check. */
async function openSite(session: Awaited<ReturnType<typeof launch>>): Promise<void> {
  const { connection, site } = session;
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: session.uri(MANIFEST), languageId: 'befw-manifest', version: 1, text: site.files[MANIFEST] } });
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: session.uri(), languageId: site.languageId, version: 1, text: site.files[site.edited] } });
  await session.within('first diagnostics', connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: session.uri() } }));
}

async function queuedEdits(ruleCount: number, edits: number): Promise<void> {
  const session = await launch(EDITOR, singleSite(ruleCount), TIMEOUT_MS);
  try {
    await openSite(session);
    const lines = session.site.files[session.site.edited].split('\n');
    const nameLines = lines.map((line, i) => (line.startsWith('  - name: ') ? i : -1)).filter((i) => i >= 0);
    const pick = seededRandom(7);
    const sent = performance.now();
    for (let i = 0; i < edits; i++) {
      const line = nameLines[Math.floor(pick() * nameLines.length)];
      void session.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: session.uri(), version: i + 2 },
        contentChanges: [{ range: { start: { line, character: 10 }, end: { line, character: 10 } }, text: `e${i}-` }],
      });
    }
    const asked = performance.now();
    await hoverAt(session, session.uri(), nameLines[0] + 5, 13);
    const answered = performance.now();
    console.log(`| ${edits.toLocaleString('en-US')} queued one-rule edits on ${ruleCount.toLocaleString('en-US')} rules, then a hover | ${ms(answered - asked)} | ${ms(answered - sent)} after the first edit | ${rss(session)} |`);
  } finally {
    session.dispose();
  }
}

async function garbagePaste(kind: string): Promise<void> {
  const session = await launch(EDITOR, singleSite(1000), TIMEOUT_MS);
  try {
    await openSite(session);
    const manifest = session.uri(MANIFEST);
    const pasted = GARBAGE[kind]();
    const ruleLine = session.site.files[session.site.edited].split('\n').findIndex((line) => line.startsWith('    ports: ['));
    const started = performance.now();
    // Pasted above the rules, as a user pastes the wrong clipboard into the file.
    await session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: session.uri(), version: 2 },
      contentChanges: [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: pasted }],
    });
    const latencies: number[] = [];
    const hovers: Promise<void>[] = [];
    while (performance.now() - started < 3000) {
      const asked = performance.now();
      const [uri, line, character] = latencies.length % 2 === 0 ? [manifest, 10, 14] : [session.uri(), ruleLine + pasted.split('\n').length - 1, 13];
      hovers.push(hoverAt(session, uri, line, character).then(() => void latencies.push(performance.now() - asked)));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await Promise.all(hovers);
    await session.within('diagnostics', session.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: session.uri() } }));
    const settled = performance.now() - started;
    console.log(`| 5 MB of ${kind} pasted into a rule file | ${ms(Math.max(...latencies))} (slowest of ${latencies.length} hovers) | diagnostics after ${ms(settled)} | ${rss(session)} |`);
  } catch (error) {
    console.log(`| 5 MB of ${kind} pasted into a rule file | ${(error as Error).message} | | ${rss(session)} |`);
  } finally {
    session.dispose();
  }
}

async function main(): Promise<void> {
  console.log(`Hostile input over stdio — node ${process.version}; befw with its default settings`);
  console.log('| scenario | time to answer | after | peak RSS |');
  console.log('|---|---:|---:|---:|');
  if (!process.env.BENCH_SKIP_EDITS) await queuedEdits(50_000, 1000);
  const kinds = process.env.BENCH_GARBAGE?.split(',').filter(Boolean) ?? Object.keys(GARBAGE);
  for (const kind of kinds) await garbagePaste(Object.keys(GARBAGE).find((k) => k.includes(kind)) ?? kind);
}

void main();

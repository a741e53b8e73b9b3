import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { CodeServer, RESULTS, ROOT, missingPrerequisites } from './codeServer';
import { Workbench } from './workbench';

/** Where screenshots go: test-results/e2e, or docs/images/ for the README when asked (`npm run screenshots`). */
export const IMAGES = process.env.BEFW_README_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'images') : RESULTS;

/** A scenario that leaves a screenshot in test-results/e2e when it fails. */
export function scenarioIn(workbench: () => Workbench | undefined) {
  return (name: string, body: () => Promise<void>): void => {
    it(name, async () => {
      try {
        await body();
      } catch (error) {
        await workbench()?.screenshot(join(RESULTS, `${name.replace(/[^\w]+/g, '-')}.png`)).catch(() => undefined);
        throw error;
      }
    });
  };
}

/** Starts code-server over a copy of `folder` and opens its workbench in Chromium. */
export async function startOn(folder: string): Promise<{ server: CodeServer; workbench: Workbench }> {
  const missing = missingPrerequisites();
  if (missing.length > 0) throw new Error(`cannot run the end-to-end suite; missing:\n- ${missing.join('\n- ')}`);
  mkdirSync(RESULTS, { recursive: true });
  mkdirSync(IMAGES, { recursive: true });
  const server = await CodeServer.start(folder);
  return { server, workbench: await Workbench.open(server.workbenchUrl) };
}

import type * as Dagre from '@dagrejs/dagre' with { 'resolution-mode': 'import' };

/**
 * @dagrejs/dagre, loaded through its `require` export (dist/dagre.cjs), which
 * the bundler inlines. Its typings sit in a `"type": "module"` package, so
 * TypeScript refuses a plain `import` from our CommonJS output (TS1479): the
 * types come in as an ES module's, the code by `require`.
 */
export const dagre: typeof Dagre = require('@dagrejs/dagre');

export type DagreGraph = Dagre.graphlib.Graph<Dagre.GraphLabel, Dagre.NodeLabel, Dagre.EdgeLabel>;

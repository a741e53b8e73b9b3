import { NEUTRAL, STATE_SHAPES } from './style';

/**
 * The report page's own stylesheet: the palette the map's `--befw-*`
 * variables read (the map's fallback colours in light, their counterparts in
 * dark), then the page's tables. Nothing in it loads anything.
 */
const DARK = { allowed: '#81c784', partial: '#ffb74d', blocked: '#ef9a9a', unknown: '#bdbdbd', fg: '#e8e8e8', bg: '#1e1e1e', muted: '#a8a8a8', boundary: '#9fa8da' };

const LIGHT = {
  allowed: STATE_SHAPES.allowed.colour,
  partial: STATE_SHAPES.partial.colour,
  blocked: STATE_SHAPES.blocked.colour,
  unknown: STATE_SHAPES.unknown.colour,
  ...NEUTRAL,
};

const palette = (colours: typeof DARK) =>
  Object.entries(colours)
    .map(([name, colour]) => `--befw-${name}: ${colour};`)
    .join(' ');

export const REPORT_CSS = `
:root { color-scheme: light dark; ${palette(LIGHT)} }
@media (prefers-color-scheme: dark) { :root { ${palette(DARK)} } }
body { margin: 0 auto; max-width: 80rem; padding: 1rem 1.5rem; font-family: system-ui, sans-serif; line-height: 1.4; color: var(--befw-fg); background: var(--befw-bg); }
a { color: var(--befw-boundary); }
.generated, figcaption, .place { color: var(--befw-muted); }
section { margin-top: 2.5rem; }
figure.map { margin: 1rem 0; overflow: auto; border: 1px solid var(--befw-muted); }
table { border-collapse: collapse; margin: 1rem 0; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.25rem; }
th, td { text-align: left; vertical-align: top; padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--befw-muted); }
td.state, .legend .glyph { font-weight: bold; white-space: nowrap; }
td.hosts { white-space: nowrap; }
td.state-allowed, .legend .state-allowed .glyph { color: var(--befw-allowed); }
td.state-partial, .legend .state-partial .glyph { color: var(--befw-partial); }
td.state-blocked, .legend .state-blocked .glyph { color: var(--befw-blocked); }
td.state-unknown, .legend .state-unknown .glyph { color: var(--befw-unknown); }
.severity-error { color: var(--befw-blocked); }
.severity-warning { color: var(--befw-partial); }
.line-sample { vertical-align: middle; }
@media print { figure.map { overflow: visible; border: none; } figure.map svg { max-width: 100%; height: auto; } section { break-before: page; } }
`.trim();

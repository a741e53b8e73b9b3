import type { FlowMapDto } from '../../server/src/lsp/protocol';
import { escapeHtml, newNonce, webviewHead } from './html';

/**
 * The flow map's page: plain HTML around the server's SVG, its colours the
 * theme's, its one script and one stylesheet allowed by a fresh nonce; it
 * loads nothing. No editor imports, so a test can build it.
 */

/** What the page posts to the extension. */
export type FlowMapMessage =
  | { readonly type: 'reveal'; readonly manifestUri: string; readonly flow: string }
  | { readonly type: 'revealFirewall'; readonly manifestUri: string; readonly firewall: string }
  | { readonly type: 'revealHost'; readonly manifestUri: string; readonly host: string }
  | { readonly type: 'table' };

/** What the extension posts to the page: the maps, redrawn after a check. */
export interface FlowMapUpdate {
  readonly type: 'update';
  readonly html: string;
}

/**
 * The map's custom properties in the theme's colours (the SVG falls back to its own palette without them).
 * Boundaries take a chart colour: the panel border is all but invisible on dark themes (#2b2b2b on #1f1f1f).
 */
const THEME = `:root {
  --befw-allowed: var(--vscode-charts-green);
  --befw-partial: var(--vscode-charts-orange);
  --befw-blocked: var(--vscode-charts-red);
  --befw-unknown: var(--vscode-disabledForeground);
  --befw-fg: var(--vscode-editor-foreground);
  --befw-bg: var(--vscode-editor-background);
  --befw-muted: var(--vscode-descriptionForeground);
  --befw-boundary: var(--vscode-charts-blue, var(--vscode-panel-border));
}
body { color: var(--vscode-editor-foreground); background-color: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 1em 1em; }
header { position: sticky; top: 0; left: 0; width: max-content; padding: 0.5em 0; background-color: var(--vscode-editor-background); }
button { color: var(--vscode-button-foreground); background-color: var(--vscode-button-background); border: 1px solid var(--vscode-button-border, transparent); padding: 0.3em 0.8em; cursor: pointer; font: inherit; }
button:hover { background-color: var(--vscode-button-hoverBackground); }
button:focus-visible { outline: 2px solid var(--vscode-focusBorder); outline-offset: 2px; }
h2 { font-size: 1.2em; margin: 0.8em 0 0.2em; }
.counts { color: var(--vscode-descriptionForeground); margin: 0 0 0.5em; }
[data-flow], [data-host], [data-firewall] { cursor: pointer; }`;

/**
 * Clicks and Enter/Space on a focused flow post what to reveal; an update
 * replaces the maps where they are, keeping the scroll position (the page
 * scrolls, not each map) and the focused flow.
 */
const SCRIPT = `const vscode = acquireVsCodeApi();
const maps = document.getElementById('maps');
function activate(element) {
  const section = element.closest && element.closest('[data-manifest]');
  const target = section && element.closest('[data-flow], [data-host], [data-firewall]');
  if (!target) return false;
  const manifestUri = section.getAttribute('data-manifest');
  if (target.hasAttribute('data-flow')) vscode.postMessage({ type: 'reveal', manifestUri, flow: target.getAttribute('data-flow') });
  else if (target.hasAttribute('data-host')) vscode.postMessage({ type: 'revealHost', manifestUri, host: target.getAttribute('data-host') });
  else vscode.postMessage({ type: 'revealFirewall', manifestUri, firewall: target.getAttribute('data-firewall') });
  return true;
}
maps.addEventListener('click', (event) => activate(event.target));
maps.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' && event.key !== ' ') return;
  if (event.target.closest && event.target.closest('[data-flow]') && activate(event.target)) event.preventDefault();
});
document.getElementById('table').addEventListener('click', () => vscode.postMessage({ type: 'table' }));
window.addEventListener('message', (event) => {
  if (!event.data || event.data.type !== 'update') return;
  const focused = document.activeElement && document.activeElement.getAttribute('data-flow');
  const [x, y] = [window.scrollX, window.scrollY];
  maps.innerHTML = event.data.html;
  window.scrollTo(x, y);
  const again = focused && [...maps.querySelectorAll('[data-flow]')].find((flow) => flow.getAttribute('data-flow') === focused);
  if (again) again.focus({ preventScroll: true });
});`;

/** The maps part of the page, also what an update replaces. */
export function mapsHtml(maps: readonly FlowMapDto[], relativePath: (uri: string) => string): string {
  if (maps.length === 0) return '<p>No Backup Exec manifest (*.bexnet.yaml) is known in this workspace: the map shows the site a manifest describes.</p>';
  return maps
    .map((map) => {
      const heading = `<h2>${escapeHtml(relativePath(map.manifestUri))}</h2>`;
      if (map.skipped) return `<section data-manifest="${escapeHtml(map.manifestUri)}">${heading}<p>${escapeHtml(map.skipped)}</p></section>`;
      return `<section data-manifest="${escapeHtml(map.manifestUri)}">${heading}<p class="counts">${escapeHtml(map.summary)}</p><div class="map">${map.svg}</div></section>`;
    })
    .join('\n');
}

/** The whole page: the map's stylesheet (`mapCss`) and the theme's colours, the "Show as table" button, the maps. */
export function flowMapPage(maps: string, mapCss: string): string {
  const nonce = newNonce();
  return `${webviewHead(nonce, true)}
${mapCss}
${THEME}
</style>
</head>
<body>
<header><button id="table" type="button">Show as table</button></header>
<main id="maps">
${maps}
</main>
<script nonce="${nonce}">
${SCRIPT}
</script>
</body>
</html>
`;
}

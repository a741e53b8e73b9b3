import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { flowMapPage, mapsHtml } from '../../client/src/flowMapPage';
import type { FlowMapDto } from '../../server/src/lsp/protocol';

const root = join(__dirname, '..', '..', '..');
const map = (fields: Partial<FlowMapDto>): FlowMapDto => ({
  manifestUri: 'file:///site/a.bexnet.yaml',
  svg: '<svg xmlns="http://www.w3.org/2000/svg"><g class="flow state-blocked" data-flow="x" tabindex="0"></g></svg>',
  counts: { allowed: 7, partial: 1, blocked: 1, unknown: 0 },
  summary: '9 required flows: 7 allowed, 1 partly allowed, 1 <b>blocked</b>, 0 unknown',
  flows: [],
  firewalls: [],
  hosts: [],
  ...fields,
});

describe('the flow map page (the webview of "Backup Exec: Show flow map")', () => {
  it('runs its one script and its one stylesheet by a fresh nonce, loads nothing, and allows nothing inline', () => {
    const pages = [flowMapPage('', ''), flowMapPage('', '')];
    const nonces = pages.map((page) => /'nonce-([^']+)'/.exec(page)![1]);
    assert.notEqual(nonces[0], nonces[1]);
    const [page] = pages;
    assert.deepEqual([...page.matchAll(/http-equiv="Content-Security-Policy" content="([^"]*)"/g)].map((m) => m[1]), [
      `default-src 'none'; style-src 'nonce-${nonces[0]}'; script-src 'nonce-${nonces[0]}';`,
    ]);
    assert.deepEqual([...page.matchAll(/<(script|style)\b[^>]*>/g)].map((m) => m[0]), [`<style nonce="${nonces[0]}">`, `<script nonce="${nonces[0]}">`]);
    assert.doesNotMatch(page, /https?:\/\/|\son[a-z]+=|javascript:|\bsrc=/i);
    const view = readFileSync(join(root, 'client', 'src', 'flowMapView.ts'), 'utf8');
    assert.match(view, /enableScripts: true, enableCommandUris: false, enableFindWidget: true, localResourceRoots: \[\]/);
  });

  it('maps the SVG\'s colours to the theme\'s', () => {
    const page = flowMapPage('', '');
    for (const [befw, theme] of [
      ['allowed', 'charts-green'],
      ['partial', 'charts-orange'],
      ['blocked', 'charts-red'],
      ['unknown', 'disabledForeground'],
      ['fg', 'editor-foreground'],
      ['bg', 'editor-background'],
      ['muted', 'descriptionForeground'],
      ['boundary', 'charts-blue, var(--vscode-panel-border)'],
    ]) {
      assert.ok(page.includes(`--befw-${befw}: var(--vscode-${theme});`), befw);
    }
  });

  it('a section per manifest with its path, its counts in words and its SVG; the "Show as table" button', () => {
    const html = mapsHtml([map({})], () => 'a.bexnet.yaml');
    assert.equal(
      html,
      '<section data-manifest="file:///site/a.bexnet.yaml"><h2>a.bexnet.yaml</h2><p class="counts">9 required flows: 7 allowed, 1 partly allowed, 1 &#60;b&#62;blocked&#60;/b&#62;, 0 unknown</p>' +
        `<div class="map">${map({}).svg}</div></section>`,
    );
    assert.match(flowMapPage(html, ''), /<button id="table" type="button">Show as table<\/button>[\s\S]*<main id="maps">\n<section/);
  });

  it('says so when there is no manifest, or why one was not drawn; names from the files are escaped', () => {
    assert.match(mapsHtml([], String), /^<p>No Backup Exec manifest \(\*\.bexnet\.yaml\) is known in this workspace/);
    const skipped = mapsHtml([map({ manifestUri: 'file:///a"b', svg: '', skipped: 'It is <big> & over' })], () => '<img src=x>.bexnet.yaml');
    assert.equal(skipped, '<section data-manifest="file:///a&#34;b"><h2>&#60;img src=x&#62;.bexnet.yaml</h2><p>It is &#60;big&#62; &#38; over</p></section>');
  });
});

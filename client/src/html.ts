import { randomBytes } from 'node:crypto';

/** Text as HTML text or attribute value: names and messages come from the user's files. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A fresh nonce for a webview page's Content-Security-Policy: one per page. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The start of a webview page, up to its stylesheet's opening tag: a CSP
 * that loads nothing and allows only the page's own style (and script, when
 * it has one) by `nonce`.
 */
export function webviewHead(nonce: string, withScript: boolean): string {
  const script = withScript ? ` script-src 'nonce-${nonce}';` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}';${script}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">`;
}

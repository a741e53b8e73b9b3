import { randomBytes } from 'node:crypto';

/** Text as HTML text or attribute value: names and messages come from the user's files. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A fresh nonce for a webview page's Content-Security-Policy: one per page. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

// Headers on every HTTP response. The app loads nothing from anywhere else: its
// scripts, styles, workers and socket are all on this origin, so the policy says so.
import type { ServerResponse } from 'node:http';

/**
 * Content-Security-Policy for the web app:
 * - scripts, styles, workers (hashing worker, save service worker) and the
 *   socket.io WebSocket only from this origin; no inline script, no eval;
 * - images from this origin or data:/blob: URLs (the QR code is inline SVG);
 * - no plugins, no <base> tricks, no framing (clickjacking), no form posts.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  // The share id is in the fragment, which no Referer carries, but leak nothing else either.
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

export function applySecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

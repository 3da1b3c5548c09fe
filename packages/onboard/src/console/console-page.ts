import { createHash } from 'node:crypto';
import { importMap } from './vendor-assets.ts';

/** The one HTML page of the console (routes live after `#`), and the CSP that lets exactly its import map run. */
export function consolePage(): { html: string; csp: string } {
  const map = JSON.stringify(importMap());
  const hash = createHash('sha256').update(map).digest('base64');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>onboard console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/app/style.css">
<script type="importmap">${map}</script>
<script type="module" src="/app/main.js"></script>
</head>
<body><div id="app"><p class="muted">loading…</p></div></body>
</html>
`;
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'sha256-${hash}'`,
    // Chart.js sizes its canvas with inline styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
  return { html, csp };
}

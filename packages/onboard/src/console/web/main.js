// The console's one page: a header and the page the address's `#` part names.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { RejectsPage } from './rejects-page.js';
import { RunPage } from './run-page.js';
import { RunsPage } from './runs-page.js';
import { TenantPage } from './tenant-page.js';
import { useApi } from './use-api.js';

/** `#/runs/ID/rejects` -> the page and its arguments; an address that is not one says so. */
function route(hash) {
  let parts;
  try {
    parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    // A `%` not followed by an escape (an address typed or cut short): decodeURIComponent throws.
    return html`<p class="problem" data-test="bad-address">Not an address of this console: <code>${hash}</code>. <a href="#/">All runs</a></p>`;
  }
  if (parts[0] === 'runs' && parts[1] && parts[2] === 'rejects')
    return html`<${RejectsPage} id=${parts[1]} />`;
  if (parts[0] === 'runs' && parts[1]) return html`<${RunPage} id=${parts[1]} />`;
  if (parts[0] === 'tenants' && parts[1]) return html`<${TenantPage} tenant=${parts[1]} />`;
  return html`<${RunsPage} />`;
}

function CoreLine() {
  const { data } = useApi('core');
  if (data === null || data.url === null) return null;
  return html`<span class=${data.reachable ? 'ok' : 'bad'} title=${data.reason ?? ''}>core ${data.url}: ${data.reachable ? 'up' : 'not reachable'}</span>`;
}

function App() {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const onChange = () => setHash(location.hash);
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return html`<header><a href="#/" class="brand">onboard console</a><nav><a href="#/">runs</a></nav><${CoreLine} /></header>
    <main key=${hash}>${route(hash)}</main>`;
}

const root = document.getElementById('app');
root.textContent = '';
render(html`<${App} />`, root);

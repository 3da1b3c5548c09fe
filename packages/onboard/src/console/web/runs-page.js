import { useState } from 'preact/hooks';
import { duration, elapsed, num, time } from './format.js';
import { html } from './html.js';
import { going, useApi } from './use-api.js';
import { Loading, Mode, Problem, Reconciled, Status } from './widgets.js';

const STATUSES = ['planned', 'running', 'succeeded', 'failed', 'cancelled'];
const MODES = ['full', 'incremental', 'mirror', 'dry-run'];

/** Every run of the store, newest first, with filters; refreshed while one is going. */
export function RunsPage() {
  const { data: runs, error } = useApi('runs', { every: 2000, live: (list) => list.some(going) });
  const [filter, setFilter] = useState({ tenant: '', status: '', mode: '', text: '' });
  if (runs === null) return error ? html`<${Problem} error=${error} />` : html`<${Loading} />`;
  const tenants = [...new Set(runs.map((r) => r.tenant ?? '?'))].sort();
  const text = filter.text.toLowerCase();
  const shown = runs.filter(
    (r) =>
      (!filter.tenant || (r.tenant ?? '?') === filter.tenant) &&
      (!filter.status || r.status === filter.status) &&
      (!filter.mode || r.mode === filter.mode) &&
      (!text || [r.id, r.mapping, r.source, r.sourceName].some((v) => v.toLowerCase().includes(text))),
  );
  const set = (key) => (event) => setFilter({ ...filter, [key]: event.currentTarget.value });
  const select = (
    key,
    values,
    all,
  ) => html`<select data-test=${`filter-${key}`} value=${filter[key]} onChange=${set(key)}>
    <option value="">${all}</option>
    ${values.map((v) => html`<option value=${v}>${v}</option>`)}
  </select>`;
  return html`<section>
    <h1>Runs</h1>
    <div class="filters">
      ${select('tenant', tenants, 'every tenant')} ${select('status', STATUSES, 'every status')}
      ${select('mode', MODES, 'every mode')}
      <input type="search" placeholder="run, mapping, source…" value=${filter.text} onInput=${set('text')} data-test="filter-text" />
      <span class="muted">${shown.length} of ${runs.length}</span>
    </div>
    ${
      runs.length === 0
        ? html`<p class="muted">No runs in this store yet: <code>onboard run</code> adds them.</p>`
        : html`<table class="runs" data-test="runs">
            <thead><tr>
              <th>run</th><th>tenant</th><th>mapping</th><th>source</th><th>mode</th><th>status</th>
              <th>started</th><th>ended</th><th class="n">rows</th><th class="n">rejects</th><th>reconciled</th>
            </tr></thead>
            <tbody>
              ${shown.map(
                (r) => html`<tr data-run=${r.id}>
                  <td><a href=${`#/runs/${encodeURIComponent(r.id)}`}>${r.id}</a></td>
                  <td>${r.tenant ? html`<a href=${`#/tenants/${encodeURIComponent(r.tenant)}`}>${r.tenant}</a>` : '?'}</td>
                  <td title=${r.mappingPath}>${r.mapping}</td>
                  <td class="source" title=${r.source}>${r.sourceName}<br /><small>${r.source}</small></td>
                  <td><${Mode} mode=${r.mode} /></td>
                  <td><${Status} status=${r.status} /></td>
                  <td>${time(r.startedAt ?? r.createdAt)}</td>
                  <td>${r.finishedAt ? html`${time(r.finishedAt)}<br /><small>${duration(elapsed(r.startedAt, r.finishedAt))}</small>` : '–'}</td>
                  <td class="n">${num(r.read)}</td>
                  <td class="n">${r.rejected ? html`<a href=${`#/runs/${encodeURIComponent(r.id)}/rejects`}>${num(r.rejected)}</a>` : '0'}</td>
                  <td><${Reconciled} glance=${r.reconciliation} /></td>
                </tr>`,
              )}
            </tbody>
          </table>`
    }
  </section>`;
}

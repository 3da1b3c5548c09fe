import { HistoryChart } from './charts.js';
import { num, time } from './format.js';
import { html } from './html.js';
import { going, useApi } from './use-api.js';
import { Loading, Mode, Problem, Reconciled, Status } from './widgets.js';

/** A change from the run before: `+12`, `−3`, or nothing. */
const delta = (now, before) => {
  if (before === undefined || now === before) return null;
  return html`<small class=${now > before ? 'up' : 'down'}>${now > before ? '+' : '−'}${num(Math.abs(now - before))}</small>`;
};

/** A tenant's runs, oldest first, and how their counts moved from run to run. */
export function TenantPage({ tenant }) {
  const { data: runs, error } = useApi(`tenants/${encodeURIComponent(tenant)}/runs`, {
    every: 2000,
    live: (list) => list.some(going),
  });
  if (runs === null) return error ? html`<${Problem} error=${error} />` : html`<${Loading} />`;
  const keys = ['read', 'created', 'updated', 'unchanged', 'rejected'];
  return html`<section data-test="tenant-page">
    <h1>Tenant <code>${tenant}</code></h1>
    ${runs.length === 0 ? html`<p class="muted">No runs of this tenant in the store.</p>` : html`<${HistoryChart} runs=${runs} />`}
    <table data-test="history">
      <thead><tr><th>run</th><th>started</th><th>mode</th><th>status</th>${keys.map((k) => html`<th class="n">${k}</th>`)}<th>reconciled</th></tr></thead>
      <tbody>${runs.map(
        (r, i) => html`<tr>
          <td><a href=${`#/runs/${encodeURIComponent(r.id)}`}>${r.id}</a></td><td>${time(r.startedAt ?? r.createdAt)}</td>
          <td><${Mode} mode=${r.mode} /></td><td><${Status} status=${r.status} /></td>
          ${keys.map((k) => html`<td class="n">${num(r[k])} ${delta(r[k], runs[i - 1]?.[k])}</td>`)}
          <td><${Reconciled} glance=${r.reconciliation} /></td>
        </tr>`,
      )}</tbody>
    </table>
  </section>`;
}

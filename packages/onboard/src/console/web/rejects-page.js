import { useState } from 'preact/hooks';
import { query } from './api.js';
import { ReasonsChart } from './charts.js';
import { num } from './format.js';
import { html } from './html.js';
import { going, useApi } from './use-api.js';
import { Loading, Problem } from './widgets.js';

const PAGE = 100;

/** A run's rejected records: every reason and the source values; filter, search, page, download as CSV. */
export function RejectsPage({ id }) {
  const path = encodeURIComponent(id);
  const [filter, setFilter] = useState({ entity: '', code: '', q: '' });
  const [offset, setOffset] = useState(0);
  const head = useApi([`runs/${path}`, `runs/${path}/reasons`], { every: 5000, live: ([d]) => going(d.run) });
  const page = useApi(`runs/${path}/rejections${query({ ...filter, limit: PAGE, offset })}`);
  if (head.data === null) return head.error ? html`<${Problem} error=${head.error} />` : html`<${Loading} />`;
  const [detail, reasons] = head.data;
  const entities = [...new Set(reasons.map((r) => r.entity))].sort();
  const codes = [...new Set(reasons.map((r) => r.code))].sort();
  const set = (key) => (event) => {
    setOffset(0);
    setFilter({ ...filter, [key]: event.currentTarget.value });
  };
  const result = page.data;
  return html`<section data-test="rejects-page">
    <h1>Rejected records of <a href=${`#/runs/${path}`}><code>${id}</code></a></h1>
    <p>${num(detail.run.rejected)} record(s) rejected.
      <a class="button" href=${`/api/runs/${path}/rejections.csv`} download data-test="csv">Download all as CSV</a></p>
    ${reasons.length > 0 ? html`<h2>By reason</h2><${ReasonsChart} reasons=${reasons} />` : null}
    <div class="filters">
      <select value=${filter.entity} onChange=${set('entity')} data-test="filter-entity">
        <option value="">every entity</option>${entities.map((e) => html`<option value=${e}>${e}</option>`)}
      </select>
      <select value=${filter.code} onChange=${set('code')} data-test="filter-code">
        <option value="">every code</option>${codes.map((c) => html`<option value=${c}>${c}</option>`)}
      </select>
      <input type="search" placeholder="search ids, reasons, values…" value=${filter.q} onInput=${set('q')} data-test="search" />
      ${result ? html`<span class="muted" data-test="match-count">${num(result.total)} match(es)</span>` : null}
    </div>
    ${page.error ? html`<${Problem} error=${page.error} />` : null}
    ${
      result === null
        ? html`<${Loading} />`
        : html`<table class="rejects" data-test="rejects">
            <thead><tr><th>entity</th><th>external id</th><th>stage</th><th>field</th><th>code</th><th>message</th><th>source values</th></tr></thead>
            <tbody>${result.items.map(
              (r) => html`<tr data-external-id=${r.externalId ?? ''}>
                <td>${r.entity}</td><td><code>${r.externalId ?? '(none)'}</code></td><td>${r.stage}</td>
                <td>${r.errors.map((e) => html`<div>${e.field}</div>`)}</td>
                <td>${r.errors.map((e) => html`<div><code>${e.code}</code></div>`)}</td>
                <td>${r.errors.map((e) => html`<div>${e.message}</div>`)}</td>
                <td><${SourceValues} row=${r.row} fields=${r.errors.map((e) => e.field)} /></td>
              </tr>`,
            )}</tbody>
          </table>
          <div class="pager">
            <button disabled=${offset === 0} onClick=${() => setOffset(Math.max(0, offset - PAGE))}>previous</button>
            <span>${result.total === 0 ? 'none' : `${offset + 1}–${Math.min(offset + PAGE, result.total)} of ${num(result.total)}`}</span>
            <button disabled=${offset + PAGE >= result.total} onClick=${() => setOffset(offset + PAGE)}>next</button>
          </div>`
    }
  </section>`;
}

/** The source row, its columns as `name value` side by side; those named by a reason stand out. */
function SourceValues({ row, fields }) {
  if (row === null || typeof row !== 'object') return html`<code>${JSON.stringify(row)}</code>`;
  const named = new Set(fields.map((f) => f.toLowerCase().replace(/^.*\./, '')));
  return html`<div class="row">${Object.entries(row).map(
    ([k, v]) =>
      html`<span class=${named.has(k.toLowerCase()) ? 'hit' : ''}><b>${k}</b> ${v === null ? html`<i>null</i>` : typeof v === 'object' ? JSON.stringify(v) : String(v)}</span>`,
  )}</div>`;
}

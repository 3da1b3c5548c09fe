import { ThroughputChart } from './charts.js';
import { duration, elapsed, num, pct, time } from './format.js';
import { html } from './html.js';
import { going, useApi } from './use-api.js';
import { Loading, Mode, Problem, Reconciled, Status } from './widgets.js';

/** One run: live while it goes (per-entity progress, rows/s, phase, ETA), then its reconciliation and deletions. */
export function RunPage({ id }) {
  const path = encodeURIComponent(id);
  const { data, error } = useApi([`runs/${path}`, `runs/${path}/throughput`], {
    every: 1000,
    live: ([detail]) => going(detail.run),
  });
  if (data === null) return error ? html`<${Problem} error=${error} />` : html`<${Loading} />`;
  const [d, series] = data;
  const r = d.run;
  return html`<section data-test="run-page" data-status=${r.status}>
    <h1>Run <code>${r.id}</code> <${Status} status=${r.status} /> <${Mode} mode=${r.mode} /></h1>
    <dl class="facts">
      <dt>tenant</dt><dd>${r.tenant ? html`<a href=${`#/tenants/${encodeURIComponent(r.tenant)}`}>${r.tenant}</a>` : '?'}</dd>
      <dt>mapping</dt><dd title=${r.mappingPath}>${r.mapping}</dd>
      <dt>source</dt><dd>${r.sourceName} <small>${r.source}</small></dd>
      <dt>started</dt><dd>${time(r.startedAt ?? r.createdAt)}</dd>
      <dt>ended</dt><dd>${time(r.finishedAt)}</dd>
      <dt>elapsed</dt><dd data-test="elapsed">${duration(elapsed(r.startedAt, r.finishedAt))}${d.stoppedSeconds ? `, of which running ${duration(d.runningSeconds)} (stopped ${duration(d.stoppedSeconds)})` : ''}</dd>
      <dt>phase</dt><dd data-test="phase">${d.phase === null ? 'all done' : `${d.phase} of ${d.phases.length}: ${d.phases[d.phase - 1].join(', ')}`}</dd>
      <dt>tasks</dt><dd>${Object.entries(d.tasks)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ')}</dd>
      <dt>rows/s</dt><dd data-test="rate">${r.finishedAt ? `${num(d.rowsPerSecond)} on average over the run` : `${num(d.recentRowsPerSecond)} now, ${num(d.rowsPerSecond)} on average`}${d.stoppedSeconds ? ` (over its ${duration(d.runningSeconds)} running; the time it was stopped is not counted)` : ''}</dd>
      <dt>ETA</dt><dd data-test="eta">${d.etaSeconds === null ? (going(r) ? 'unknown' : '–') : duration(d.etaSeconds)}</dd>
      ${d.coordinator ? html`<dt>coordinator</dt><dd>${d.coordinator.host} pid ${d.coordinator.pid}</dd>` : null}
      ${d.workers.length > 0 ? html`<dt>workers</dt><dd data-test="workers">${d.workers.map((w) => `${w.worker} (${w.tasks} task${w.tasks === 1 ? '' : 's'})`).join(', ')}</dd>` : null}
      <dt>rejected</dt><dd>${r.rejected ? html`<a href=${`#/runs/${path}/rejects`} data-test="rejects-link">${num(r.rejected)} record(s)</a>` : '0'}</dd>
    </dl>
    ${d.interrupted ? html`<p class="problem" data-test="interrupted">Interrupted: no process holds this run any more. <code>onboard resume ${r.id}</code> continues it.</p>` : null}
    ${d.error && r.status !== 'succeeded' ? html`<p class="problem">${d.error}</p>` : null}
    <h2>Progress</h2>
    <table data-test="progress">
      <thead><tr><th>phase</th><th>entity</th><th>progress</th><th class="n">read</th><th class="n">created</th><th class="n">updated</th><th class="n">unchanged</th><th class="n">skipped</th><th class="n">rejected</th><th class="n">tasks</th></tr></thead>
      <tbody>
        ${d.entities.map((e) => {
          const done = e.tasks > 0 && e.tasksDone === e.tasks;
          const p = done ? 100 : pct(e.read, e.estimated);
          return html`<tr data-entity=${e.entity}>
            <td>${e.phase}</td><td>${e.entity}</td>
            <td><div class="bar"><div style=${`width:${p ?? 0}%`}></div></div><small>${done ? 'all read' : `${num(e.read)} of ~${num(e.estimated)}${p === null ? '' : ` (${p}%)`}`}</small></td>
            <td class="n" data-test="read">${num(e.read)}</td><td class="n">${num(e.created)}</td><td class="n">${num(e.updated)}</td>
            <td class="n">${num(e.unchanged)}</td><td class="n">${num(e.skipped)}</td><td class="n">${num(e.rejected)}</td>
            <td class="n">${e.tasksDone}/${e.tasks}</td>
          </tr>`;
        })}
      </tbody>
    </table>
    <h2>Throughput</h2>
    ${series.times.length === 0 ? html`<p class="muted">No batch recorded yet.</p>` : html`<${ThroughputChart} series=${series} />`}
    <h2>Reconciliation <${Reconciled} glance=${r.reconciliation} /></h2>
    ${
      d.reconciliation.length === 0
        ? html`<p class="muted">${going(r) ? 'After the run ends.' : 'None stored.'}</p>`
        : html`<table data-test="reconciliation">
            <thead><tr><th>entity</th><th>status</th><th class="n">loaded</th><th class="n">core holds</th><th>checksum</th><th>core checksum</th><th>why</th></tr></thead>
            <tbody>${d.reconciliation.map(
              (
                x,
              ) => html`<tr class=${`rec-${x.status}`}><td>${x.entity}</td><td>${x.status}</td><td class="n">${num(x.loaded)}</td>
                <td class="n">${num(x.coreCount)}</td><td><code>${x.checksum}</code></td><td><code>${x.coreChecksum ?? '–'}</code></td><td>${x.reason ?? ''}</td></tr>`,
            )}</tbody>
          </table>`
    }
    ${d.failedTasks.length > 0 ? html`<h2>Failed tasks</h2><ul>${d.failedTasks.map((t) => html`<li><code>${t.taskId}</code>: ${t.error}</li>`)}</ul>` : null}
    ${d.deletions === null ? null : html`<${Deletions} deletions=${d.deletions} gaps=${d.mirrorGaps} />`}
  </section>`;
}

/** What a mirror run marked deleted in core, and the entities it could not mirror. */
function Deletions({ deletions, gaps }) {
  return html`<h2>Deleted by this mirror run</h2>
    ${deletions.length === 0 && gaps.length === 0 ? html`<p class="muted">Nothing.</p>` : null}
    <ul data-test="deletions">
      ${deletions.map(
        (d) => html`<li><b>${d.entity}</b>: ${num(d.count)} record(s)
          <details><summary>external ids</summary><code>${d.externalIds.join(', ')}${d.count > d.externalIds.length ? ', …' : ''}</code></details></li>`,
      )}
      ${gaps.map((g) => html`<li><b>${g.entity}</b>: nothing deleted (${g.reason})</li>`)}
    </ul>`;
}

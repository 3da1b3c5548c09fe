// Charts drawn by Chart.js (served from node_modules); a component per kind, updated in place.
import { Chart, registerables } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import { html } from './html.js';

Chart.register(...registerables);

const PALETTE = [
  '#2563eb',
  '#16a34a',
  '#d97706',
  '#dc2626',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#65a30d',
  '#475569',
];
export const colour = (i) => PALETTE[i % PALETTE.length];

/** A Chart.js chart on a canvas: created once, its data replaced on every render. */
function ChartCanvas({ type, data, options, label }) {
  const canvas = useRef(null);
  const chart = useRef(null);
  useEffect(() => {
    chart.current = new Chart(canvas.current, {
      type,
      data,
      options: { animation: false, maintainAspectRatio: false, ...options },
    });
    return () => chart.current?.destroy();
  }, [type]);
  useEffect(() => {
    if (chart.current === null) return;
    chart.current.data = data;
    chart.current.update('none');
  }, [data]);
  return html`<div class="chart"><canvas ref=${canvas} role="img" aria-label=${label}></canvas></div>`;
}

/** Rows read per second over time, one line per entity and one for all. */
export function ThroughputChart({ series }) {
  const labels = series.times.map((t) => t.slice(11, 19));
  const datasets = [
    {
      label: 'all',
      data: series.total,
      borderColor: '#111827',
      borderWidth: 2,
      pointRadius: 0,
      tension: 0,
    },
    ...Object.entries(series.entities).map(([entity, data], i) => ({
      label: entity,
      data,
      borderColor: colour(i),
      borderWidth: 1.5,
      pointRadius: 0,
      tension: 0,
    })),
  ];
  return html`<${ChartCanvas}
    type="line"
    label="rows read per second over time"
    data=${{ labels, datasets }}
    options=${{
      scales: {
        y: { beginAtZero: true, title: { display: true, text: `rows/s (per ${series.bucketSeconds} s)` } },
      },
      plugins: { legend: { position: 'bottom' } },
    }}
  />`;
}

/** Rejected records per reason (entity, field, code), most frequent first. */
export function ReasonsChart({ reasons }) {
  const top = reasons.slice(0, 12);
  const data = {
    labels: top.map((r) => `${r.entity}.${r.field} ${r.code}`),
    datasets: [
      {
        label: 'rejected records',
        data: top.map((r) => r.count),
        backgroundColor: top.map((_, i) => colour(i)),
      },
    ],
  };
  return html`<${ChartCanvas}
    type="bar"
    label="rejected records by reason"
    data=${data}
    options=${{ indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }}
  />`;
}

/** How a tenant's counts moved from run to run. */
export function HistoryChart({ runs }) {
  const keys = ['created', 'updated', 'unchanged', 'rejected'];
  const data = {
    labels: runs.map((r) => r.createdAt.slice(5, 19).replace('T', ' ')),
    datasets: keys.map((key, i) => ({
      label: key,
      data: runs.map((r) => r[key]),
      backgroundColor: colour(i),
    })),
  };
  return html`<${ChartCanvas}
    type="bar"
    label="records per run"
    data=${data}
    options=${{ scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } }, plugins: { legend: { position: 'bottom' } } }}
  />`;
}

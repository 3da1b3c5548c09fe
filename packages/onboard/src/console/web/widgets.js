// Small pieces every page uses.
import { html } from './html.js';

export const Status = ({ status }) => html`<span class=${`badge status-${status}`}>${status}</span>`;

export const Mode = ({ mode }) => html`<span class=${`badge mode-${mode}`}>${mode}</span>`;

/** The reconciliation at a glance: ✓ matched, ✗ mismatched, and the others. */
export function Reconciled({ glance }) {
  if (glance === null) return html`<span class="muted">–</span>`;
  const parts = [];
  if (glance.match) parts.push(html`<span class="ok">✓ ${glance.match}</span>`);
  if (glance.mismatch) parts.push(html`<span class="bad">✗ ${glance.mismatch}</span>`);
  if (glance.skipped) parts.push(html`<span class="muted">skipped ${glance.skipped}</span>`);
  if (glance.unavailable) parts.push(html`<span class="muted">n/a ${glance.unavailable}</span>`);
  return html`<span class="glance">${parts}</span>`;
}

/** What a failed request tells the person: the token, or the reason. */
export function Problem({ error }) {
  if (error.status === 401)
    return html`<p class="problem" data-test="no-access">This console needs its token: open the address <code>onboard console</code> printed.</p>`;
  return html`<p class="problem">${error.message}</p>`;
}

export const Loading = () => html`<p class="muted">loading…</p>`;

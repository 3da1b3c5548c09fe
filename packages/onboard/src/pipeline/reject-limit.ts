import { UsageError } from '../errors/onboard-error.ts';

/**
 * How many rejected rows a run may have and still exit 0 (`--max-rejects`): a count of rows, or a
 * percentage of the rows read.
 */
export type RejectLimit = { readonly rows: number } | { readonly percent: number };

/** Parses `--max-rejects N` (rows) or `--max-rejects P%` (0-100, decimals allowed); undefined when not given. */
export function parseRejectLimit(value: string | undefined): RejectLimit | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(text);
  if (percent !== null) {
    const p = Number(percent[1]);
    if (p <= 100) return { percent: p };
  } else if (/^\d+$/.test(text) && Number.isSafeInteger(Number(text))) {
    return { rows: Number(text) };
  }
  throw new UsageError(
    `--max-rejects must be a number of rows (e.g. 100) or a percentage of the rows read (e.g. 0.5%), got "${value}"`,
  );
}

/** Why `rejected` of `read` rows exceeds the limit, or undefined when it does not. */
export function exceedsRejectLimit(limit: RejectLimit, rejected: number, read: number): string | undefined {
  if ('rows' in limit) {
    return rejected > limit.rows
      ? `${rejected} rows rejected, more than --max-rejects ${limit.rows}`
      : undefined;
  }
  const share = read === 0 ? 0 : (rejected / read) * 100;
  return share > limit.percent
    ? `${rejected} of ${read} rows rejected (${share.toFixed(2)}%), more than --max-rejects ${limit.percent}%`
    : undefined;
}

import type { ImportBatchResponse } from '@madeup/contract';
import { serialisedResponseJson } from '../import/response-json.ts';

/** Results serialised at once: ~130 bytes each for a record written, so ~33 kB a piece. */
const RESULTS_PER_PIECE = 256;

/** Where the results go in the text of the response with an empty list (a member name is never inside a string's text unescaped). */
const RESULTS_MEMBER = '"results":[';

/**
 * An import response as UTF-8 JSON: the same bytes as `Buffer.from(JSON.stringify(response))`,
 * without that one string. The answer to 1,000 records is ~136 kB, and V8 makes a string of 128 KiB
 * or more in its large-object space at ~5 ns a byte (as `compactResponseBytes` explains): ~0.75 ms
 * for the whole text against ~0.23 ms in pieces of `RESULTS_PER_PIECE` results. A response already
 * serialised (`responseJson`, for an idempotency key) is sent as that text.
 */
export function importResponseBytes(response: ImportBatchResponse): Buffer {
  const serialised = serialisedResponseJson(response);
  if (serialised !== undefined) return Buffer.from(serialised, 'utf8');
  const { results } = response;
  if (results.length <= RESULTS_PER_PIECE) return Buffer.from(JSON.stringify(response), 'utf8');
  // The response's own members in their order, around an empty list where the results go.
  const frame = JSON.stringify({ ...response, results: [] });
  const open = frame.indexOf(RESULTS_MEMBER) + RESULTS_MEMBER.length;
  const pieces: Buffer[] = [Buffer.from(frame.slice(0, open), 'utf8')];
  for (let at = 0; at < results.length; at += RESULTS_PER_PIECE) {
    const text = JSON.stringify(results.slice(at, at + RESULTS_PER_PIECE));
    // Without the piece's brackets; a comma before every piece but the first.
    pieces.push(Buffer.from(`${at === 0 ? '' : ','}${text.slice(1, -1)}`, 'utf8'));
  }
  pieces.push(Buffer.from(frame.slice(open), 'utf8'));
  return Buffer.concat(pieces);
}

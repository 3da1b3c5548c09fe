/** One kind of error response: its stable code, HTTP status and title. */
export interface ProblemKind {
  readonly status: number;
  readonly title: string;
}

/**
 * Every error core answers with, in one place. `code` is stable (clients branch on it); the
 * `type` URI is `https://madeup.example/problems/{code}`. docs/core.md lists the same table (a test
 * keeps them equal).
 */
export const PROBLEMS = {
  invalid_request: { status: 400, title: 'The request does not match the API' },
  malformed_json: { status: 400, title: 'The body is not valid JSON' },
  duplicate_json_key: { status: 400, title: 'A JSON object in the body repeats a key' },
  malformed_request: { status: 400, title: 'The HTTP request is malformed' },
  missing_host_header: { status: 400, title: 'An HTTP/1.1 request must carry a Host header' },
  invalid_header: { status: 400, title: 'A header line is not valid HTTP/1.1' },
  invalid_content_length: { status: 400, title: 'The Content-Length header is not valid' },
  invalid_transfer_encoding: { status: 400, title: 'The Transfer-Encoding header is not valid' },
  invalid_chunked_body: { status: 400, title: 'The body is not valid chunked encoding' },
  invalid_tenant_id: { status: 400, title: 'Invalid tenant id' },
  dialect_not_configured: { status: 400, title: 'No server is configured for this dialect' },
  unauthorized: { status: 401, title: 'A valid bearer token is required' },
  forbidden: { status: 403, title: 'This token may not do that' },
  not_found: { status: 404, title: 'Not found' },
  unknown_entity: { status: 404, title: 'No such entity' },
  request_timeout: { status: 408, title: 'The request was not received in time' },
  tenant_exists: { status: 409, title: 'A tenant with this id exists already' },
  tenant_migration_pending: { status: 409, title: 'The tenant database needs migrating' },
  last_admin_token: { status: 409, title: 'The last admin token cannot be revoked' },
  idempotency_key_in_use: { status: 409, title: 'A request with this Idempotency-Key is still running' },
  idempotency_key_reused: { status: 422, title: 'The Idempotency-Key was used for a different request' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  too_many_records: { status: 413, title: 'Too many records in one batch' },
  uri_too_long: { status: 414, title: 'A path segment is too long' },
  unsupported_media_type: { status: 415, title: 'The body must be application/json' },
  rate_limited: { status: 429, title: 'Too many concurrent requests for this tenant' },
  headers_too_large: { status: 431, title: 'The request headers are too large' },
  internal_error: { status: 500, title: 'Internal error' },
  database_unavailable: { status: 503, title: 'A database is unavailable' },
  database_busy: { status: 503, title: 'The database stayed busy; retry the request' },
  server_busy: { status: 503, title: 'Too many request bodies in flight; retry later' },
} as const satisfies Record<string, ProblemKind>;

export type ProblemCode = keyof typeof PROBLEMS;

export const PROBLEM_TYPE_BASE = 'https://madeup.example/problems/';

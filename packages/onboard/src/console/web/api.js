// The console's JSON API, same origin: the session cookie goes along, the token never appears here.

/** Thrown for an answer other than 2xx; `status` 401 means the token cookie is missing or wrong. */
export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

/**
 * The answer of `/api/PATH` (names in PATH percent-encoded). A name of `.` or `..` (a tenant or run
 * so named) would make the browser ask for another address (`tenants/../runs` is `runs`: every
 * tenant's runs): such a path is refused, never sent.
 */
export async function api(path) {
  const address = `/api/${path}`;
  const url = new URL(address, location.origin);
  if (`${url.pathname}${url.search}` !== address)
    throw new ApiError(400, `cannot ask the console for ${path}: a name in it is "." or ".."`);
  const response = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new ApiError(
      response.status,
      body.detail ?? body.message ?? `${response.status} ${response.statusText}`,
    );
  }
  return response.json();
}

/** The query string of the set values of `params`. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const text = q.toString();
  return text === '' ? '' : `?${text}`;
}

// The console's JSON API, same origin: the session cookie goes along, the token never appears here.

/** Thrown for an answer other than 2xx; `status` 401 means the token cookie is missing or wrong. */
export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

export async function api(path) {
  const response = await fetch(`/api/${path}`, { credentials: 'same-origin', cache: 'no-store' });
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

/** A response as tests see it. */
export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** A tiny JSON client bound to one token. */
export interface ApiClient {
  readonly token: string;
  get<T = unknown>(path: string): Promise<ApiResponse<T>>;
  /** A DELETE without a body. */
  delete<T = unknown>(path: string): Promise<ApiResponse<T>>;
  post<T = unknown>(path: string, body: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  /** Sends `raw` as the body unchanged (for malformed input). */
  raw<T = unknown>(
    method: string,
    path: string,
    raw: string,
    headers?: Record<string, string>,
  ): Promise<ApiResponse<T>>;
}

export function apiClient(baseUrl: string, token: string): ApiClient {
  const send = async <T>(
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text === '' ? undefined : JSON.parse(text)) as T,
    };
  };
  return {
    token,
    get: (path) => send('GET', path),
    delete: (path) => send('DELETE', path),
    post: (path, body, headers) => send('POST', path, JSON.stringify(body), headers),
    raw: (method, path, raw, headers) => send(method, path, raw, headers),
  };
}

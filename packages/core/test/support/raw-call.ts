import { request } from 'node:http';

/** A response as received: status, every header line and the body text. */
export interface RawResponse {
  readonly status: number;
  /** Header names and values as sent, `name: value` per line. */
  readonly headerText: string;
  readonly header: (name: string) => string | undefined;
  readonly text: string;
}

/**
 * One HTTP/1.1 request with the path sent as written (no `..` removal, no re-encoding) and header
 * lines as given, repeated names included (`fetch` would merge or refuse some).
 */
export function rawCall(
  baseUrl: string,
  method: string,
  path: string,
  headerLines: readonly (readonly [string, string])[],
  body?: string,
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  const flat = ['host', `${hostname}:${port}`, ...headerLines.flat()];
  if (body !== undefined)
    flat.push('content-type', 'application/json', 'content-length', String(Buffer.byteLength(body)));
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port: Number(port), method, path, headers: flat }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const lines: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2)
          lines.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
        resolve({
          status: res.statusCode ?? 0,
          headerText: lines.join('\n'),
          header: (name) => {
            const value = res.headers[name.toLowerCase()];
            return Array.isArray(value) ? value.join(', ') : value;
          },
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

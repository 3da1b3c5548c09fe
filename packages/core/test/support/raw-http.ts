import { connect, type Socket } from 'node:net';

/**
 * How long to wait for an answer or a close that comes within moments on a quiet machine, before
 * giving up: only a deadline, so generous for a loaded one.
 */
export const ANSWER_MS = 20_000;

/** What came back on a raw socket: the response text and whether the server closed it. */
export interface RawExchange {
  readonly socket: Socket;
  /** Everything received so far. */
  received(): string;
  /** Resolves when the server closes the connection (or `ms` passes: then false). */
  closed(ms?: number): Promise<boolean>;
  /** Resolves when the received text matches (or `ms` passes: then false). */
  receivedMatch(pattern: RegExp, ms?: number): Promise<boolean>;
}

/** Opens a TCP connection to `url`'s host and port and writes `head` (the caller writes any body). */
export async function rawRequest(url: string, head: string): Promise<RawExchange> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => {});
  let text = '';
  let ended = false;
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  socket.on('close', () => {
    ended = true;
  });
  socket.write(head);
  const waitFor = (done: () => boolean, ms: number) =>
    new Promise<boolean>((resolve) => {
      const started = Date.now();
      const tick = () => {
        if (done()) return resolve(true);
        if (Date.now() - started > ms) return resolve(false);
        setTimeout(tick, 20);
      };
      tick();
    });
  return {
    socket,
    received: () => text,
    closed: (ms = ANSWER_MS) => waitFor(() => ended, ms),
    receivedMatch: (pattern, ms = ANSWER_MS) => waitFor(() => pattern.test(text), ms),
  };
}

/** The head of a POST with a declared body length. */
export function postHead(path: string, length: number, headers: Record<string, string> = {}): string {
  const lines = Object.entries({
    'content-type': 'application/json',
    'content-length': String(length),
    ...headers,
  });
  return `POST ${path} HTTP/1.1\r\nhost: localhost\r\n${lines.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
}

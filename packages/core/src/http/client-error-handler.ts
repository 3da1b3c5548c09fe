import type { Socket } from 'node:net';
import { PROBLEM_CONTENT_TYPE } from '@madeup/contract';
import type { FastifyInstance } from 'fastify';
import { problemBody } from './errors/send-problem.ts';
import { parserRefusal } from './parser-refusal.ts';

/**
 * Answers what Node's HTTP parser refuses (timeouts, oversized headers, broken requests) with a
 * problem+json response, then closes the connection, as Node's own handler does.
 */
export function clientErrorHandler(
  this: FastifyInstance,
  error: NodeJS.ErrnoException,
  socket: Socket,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const pending = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && pending?.headersSent !== true) {
    const problem = parserRefusal(error);
    const body = JSON.stringify(problemBody(problem));
    socket.write(
      `HTTP/1.1 ${problem.status} ${problem.code}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  this.log.debug({ err: error }, 'client error');
  socket.destroy();
}

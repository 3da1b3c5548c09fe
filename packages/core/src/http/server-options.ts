import { readFileSync } from 'node:fs';
import type { ServerOptions as HttpOptions } from 'node:http';
import type { ServerOptions as HttpsOptions } from 'node:https';
import { MAX_EXTERNAL_ID_LENGTH } from '@madeup/contract';
import type { FastifyServerOptions } from 'fastify';
import type { CoreConfig } from '../config.ts';
import { clientErrorHandler } from './client-error-handler.ts';
import { ProblemError } from './errors/problem-error.ts';
import { sendProblem } from './errors/send-problem.ts';

/**
 * The longest path segment accepted, in UTF-16 units once percent-decoded (as the router counts):
 * the longest external id, so every accepted id can be read back.
 */
export const MAX_PATH_SEGMENT = MAX_EXTERNAL_ID_LENGTH;

/**
 * Fastify's server options from core's configuration: request, header and keep-alive timeouts,
 * path segment length, TLS, and problem+json for what the router or Node's parser refuses.
 */
export function serverOptions(
  config: CoreConfig,
): FastifyServerOptions & { http: HttpOptions; https?: HttpsOptions } {
  const http: HttpOptions = {
    requestTimeout: config.requestTimeoutMs,
    headersTimeout: Math.min(config.headersTimeoutMs, config.requestTimeoutMs),
    // Timeouts are enforced by a sweep every this often (Node's default, 30 s, would let them overrun).
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(config.headersTimeoutMs / 2))),
    // Node would answer a bare 400 to HTTP/1.1 without Host; require-host.ts answers a problem.
    requireHostHeader: false,
  };
  return {
    bodyLimit: config.maxBatchBytes,
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    http,
    ...(config.tls !== undefined
      ? {
          https: {
            ...http,
            cert: readFileSync(config.tls.certFile),
            key: readFileSync(config.tls.keyFile),
          },
        }
      : {}),
    routerOptions: { maxParamLength: MAX_PATH_SEGMENT },
    clientErrorHandler,
    frameworkErrors: (error, request, reply) => {
      const path = request.url.split('?')[0];
      const problem =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? new ProblemError('uri_too_long', `a path segment is longer than ${MAX_PATH_SEGMENT} characters`)
          : new ProblemError('malformed_request', 'the path is not a valid URL (bad percent-encoding)');
      return sendProblem(reply, problem, path);
    },
  };
}

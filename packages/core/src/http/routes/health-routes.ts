import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../core-context.ts';
import { ProblemError } from '../errors/problem-error.ts';
import type { CoreMetrics } from '../metrics.ts';

/** `/healthz` (the process runs), `/readyz` (the catalog answers) and Prometheus `/metrics`. */
export function healthRoutes(app: FastifyInstance, ctx: CoreContext, metrics: CoreMetrics): void {
  const hidden = { schema: { hide: true } };
  app.get('/healthz', hidden, async () => ({ status: 'ok' }));
  app.get('/readyz', hidden, async () => {
    try {
      await ctx.catalog.ping();
    } catch {
      throw new ProblemError('database_unavailable', 'the catalog database does not answer', {
        retryAfter: 5,
      });
    }
    return { status: 'ready', openTenants: ctx.pools.size };
  });
  app.get('/metrics', hidden, async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}

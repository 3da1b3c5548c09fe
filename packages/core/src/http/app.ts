import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { recordJsonSchema } from '../model/record-json-schema.ts';
import { authenticatedRoutes } from './authenticated-routes.ts';
import { BodyLimiter } from './body-limiter.ts';
import type { CoreContext } from './core-context.ts';
import { ProblemError } from './errors/problem-error.ts';
import { sendProblem } from './errors/send-problem.ts';
import { toProblem } from './errors/to-problem.ts';
import { guardBodies } from './guard-bodies.ts';
import { keepRawJsonBodies } from './raw-json-body.ts';
import { requireHost } from './require-host.ts';
import { deleteRoute } from './routes/delete-route.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { importRoute } from './routes/import-route.ts';
import { recordsRoute } from './routes/records-route.ts';
import { schemaRoute } from './routes/schema-route.ts';
import { statsRoute } from './routes/stats-route.ts';
import { tenantsRoute } from './routes/tenants-route.ts';
import { tokensRoute } from './routes/tokens-route.ts';
import { whoamiRoute } from './routes/whoami-route.ts';
import { securityHeaders } from './security-headers.ts';
import { serverOptions } from './server-options.ts';

/** Builds the HTTP application: routes, and every error as problem+json. */
export async function buildApp(ctx: CoreContext, logger: Logger): Promise<FastifyInstance> {
  const app = Fastify({
    ...serverOptions(ctx.config),
    loggerInstance: logger as FastifyBaseLogger,
    ajv: { customOptions: { allErrors: true, coerceTypes: false, removeAdditional: false } },
  }) as unknown as FastifyInstance;
  await securityHeaders(app);
  requireHost(app);
  keepRawJsonBodies(app);
  // Only JSON bodies: any other type (text/plain included) is 415, not a string the schema refuses.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, problem, request.url.split('?')[0]);
  });
  guardBodies(app, ctx, new BodyLimiter(ctx.config.maxBodiesInFlight, ctx.config.maxTenantBodiesInFlight));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      new ProblemError('not_found', `no route ${request.method} ${request.url.split('?')[0]}`),
    ),
  );
  await app.register(swagger, {
    openapi: {
      info: { title: 'MadeUp core import API', version: ctx.model.version },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
        // Each entity's record, derived from the model (the import body's `records` items).
        schemas: Object.fromEntries(ctx.model.entities.map((e) => [`${e.name}Record`, recordJsonSchema(e)])),
      },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    ctx.metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    ctx.metrics.latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  healthRoutes(app, ctx, ctx.metrics);
  schemaRoute(app, ctx);
  authenticatedRoutes(app, ctx, (scope) => {
    tenantsRoute(scope, ctx);
    tokensRoute(scope, ctx);
    whoamiRoute(scope, ctx);
    importRoute(scope, ctx);
    deleteRoute(scope, ctx);
    recordsRoute(scope, ctx);
    statsRoute(scope, ctx);
  });
  return app;
}

import type { FastifyInstance } from 'fastify';
import { authenticate } from './authenticate.ts';
import type { CoreContext } from './core-context.ts';

/**
 * Registers the routes that need a token in a scope that authenticates before validating: a caller
 * without a valid token gets 401, never a 400 describing a request it may not make at all.
 */
export function authenticatedRoutes(
  app: FastifyInstance,
  ctx: CoreContext,
  register: (scope: FastifyInstance) => void,
): void {
  app.register(async (scope) => {
    scope.addHook('preValidation', async (request) => {
      await authenticate(ctx, request);
    });
    register(scope);
  });
}

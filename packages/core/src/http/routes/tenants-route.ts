import type {} from '@fastify/swagger';
import type { CreateTenantRequest, TenantDialect, TenantList } from '@madeup/contract';
import type { FastifyInstance } from 'fastify';
import { isTenantId } from '../../catalog/tenant-id.ts';
import { provisionTenant } from '../../tenancy/provision-tenant.ts';
import { authenticate, requireAdmin } from '../authenticate.ts';
import type { CoreContext } from '../core-context.ts';
import { ProblemError } from '../errors/problem-error.ts';

const createBody = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 63 },
    dialect: { type: 'string', enum: ['sqlite', 'postgres', 'mysql'] },
  },
} as const;

/** `POST /v1/tenants` (admin) and `GET /v1/tenants/{id}` (admin, or that tenant's own token). */
export function tenantsRoute(app: FastifyInstance, ctx: CoreContext): void {
  app.post<{ Body: CreateTenantRequest }>(
    '/v1/tenants',
    { schema: { tags: ['tenants'], summary: 'Create a tenant and its database', body: createBody } },
    async (request, reply) => {
      await requireAdmin(ctx, request);
      const { id, dialect } = request.body;
      const created = await provisionTenant(
        ctx.catalog,
        ctx.config,
        ctx.model,
        id,
        dialect as TenantDialect | undefined,
      );
      return reply.code(201).send(created);
    },
  );
  app.get(
    '/v1/tenants',
    { schema: { tags: ['tenants'], summary: 'List tenants (admin)' } },
    async (request): Promise<TenantList> => {
      await requireAdmin(ctx, request);
      const tenants = await ctx.catalog.listTenants();
      return { tenants: tenants.map((t) => ({ id: t.id, dialect: t.dialect, createdAt: t.createdAt })) };
    },
  );
  app.get<{ Params: { id: string } }>(
    '/v1/tenants/:id',
    { schema: { tags: ['tenants'], summary: 'A tenant (admin, or the tenant itself)' } },
    async (request) => {
      const principal = await authenticate(ctx, request);
      const { id } = request.params;
      const visible = principal.kind === 'admin' || principal.tenantId === id;
      const tenant = visible && isTenantId(id) ? await ctx.catalog.getTenant(id) : undefined;
      if (tenant === undefined) throw new ProblemError('not_found', `no tenant ${id}`);
      return { id: tenant.id, dialect: tenant.dialect, createdAt: tenant.createdAt };
    },
  );
}

import { createHash } from 'node:crypto';
import { type CompiledEntity, compileEntity, type RefColumns } from './compiled-entity.ts';
import { customers } from './entities/customers.ts';
import { invoiceLines } from './entities/invoice-lines.ts';
import { invoices } from './entities/invoices.ts';
import { locations } from './entities/locations.ts';
import { payments } from './entities/payments.ts';
import { products } from './entities/products.ts';
import { staff } from './entities/staff.ts';
import type { EntityDef } from './entity.ts';
import { canonicalJson } from './kinds/canonical-json.ts';

/** The compiled model: entities by name, who references whom, and a version hash. */
export interface Model {
  readonly entities: readonly CompiledEntity[];
  /** Changes whenever the definition changes. */
  readonly version: string;
  get(name: string): CompiledEntity | undefined;
  /** Every (entity, reference) whose target is `target`, including self-references. */
  referencing(target: string): readonly { readonly entity: CompiledEntity; readonly ref: RefColumns }[];
}

/** Compiles entity definitions, checking that every reference target exists. */
export function buildModel(defs: readonly EntityDef[]): Model {
  const entities = defs.map(compileEntity);
  const byName = new Map(entities.map((e) => [e.name, e]));
  for (const entity of entities)
    for (const ref of entity.refs)
      if (!byName.has(ref.target))
        throw new Error(`${entity.name}.${ref.name}: unknown target ${ref.target}`);
  const version = createHash('sha256').update(canonicalJson(defs)).digest('hex').slice(0, 16);
  return {
    entities,
    version,
    get: (name) => byName.get(name),
    referencing: (target) =>
      entities.flatMap((entity) =>
        entity.refs.filter((r) => r.target === target).map((ref) => ({ entity, ref })),
      ),
  };
}

/** The application's model: the one place where entities and fields are defined. */
export const MODEL: Model = buildModel([
  staff,
  locations,
  customers,
  products,
  invoices,
  invoiceLines,
  payments,
]);

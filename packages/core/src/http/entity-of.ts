import type { CompiledEntity } from '../model/compiled-entity.ts';
import type { Model } from '../model/model.ts';
import { ProblemError } from './errors/problem-error.ts';

/** The entity named in a URL, or 404 `unknown_entity` listing the known ones. */
export function entityOf(model: Model, name: string): CompiledEntity {
  const entity = model.get(name);
  if (entity === undefined)
    throw new ProblemError(
      'unknown_entity',
      `no entity ${JSON.stringify(name.slice(0, 100))}; known: ${model.entities.map((e) => e.name).join(', ')}`,
    );
  return entity;
}

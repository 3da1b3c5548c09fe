import type { StorageType } from '../model/kinds/index.ts';

/** Column types core needs beyond the model's own: ids and short texts. */
export type ColumnType = StorageType | { readonly kind: 'id' | 'text' };

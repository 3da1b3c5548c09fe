import { SOURCE_NAME_PATTERN } from '@madeup/contract';

/** A source system name (see `SOURCE_NAME_PATTERN`), as a request schema. */
export const SOURCE_SCHEMA = { type: 'string', pattern: SOURCE_NAME_PATTERN } as const;

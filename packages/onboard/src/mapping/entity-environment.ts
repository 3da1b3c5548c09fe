import type { SchemaDocument } from '@madeup/contract';
import type { StreamInfo } from '../connectors/connector.ts';
import type { HookModule } from './hook-module.ts';
import type { ProblemSink } from './mapping-problem.ts';

/** What the whole mapping offers to each entity. */
export interface EntityEnvironment {
  readonly schema: SchemaDocument;
  readonly streams: readonly StreamInfo[] | undefined;
  readonly hooks: HookModule | undefined;
  readonly lookups: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly sink: ProblemSink;
  /** The source's time zone, for wall-clock text without an offset (see `CompileOptions.timeZone`). */
  readonly timeZone: string;
}

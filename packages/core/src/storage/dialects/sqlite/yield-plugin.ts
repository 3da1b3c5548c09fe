import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/**
 * Gives the event loop a turn after every SQLite statement. better-sqlite3 runs statements
 * synchronously and Kysely resolves them as already-settled promises, so without a turn a whole
 * batch (and the next batch queued on the connection) ran as one chain of microtasks: no other
 * request, of any tenant, was read or answered until it ended. With it, other requests advance
 * between statements, and one busy SQLite tenant delays the others by one statement at a time.
 */
export class YieldPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    return args.result;
  }
}

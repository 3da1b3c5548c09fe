import type { Command } from 'commander';
import type { RunPlan } from '../../planner/plan-run.ts';
import { configFromFlags } from '../config-from-flags.ts';
import { addConnectionFlags, type ConnectionFlags } from '../run-flags.ts';

/** `onboard plan`: the steps of a run in dependency order, with partitions and estimated rows. */
export const registerPlan = (program: Command): void => {
  addConnectionFlags(
    program
      .command('plan')
      .description('Show the steps of a run in dependency order, with partitions and estimated rows'),
    true,
  ).action(async (flags: ConnectionFlags) => {
    const config = configFromFlags(flags, false);
    const [{ openRunContext }, { planFor }] = await Promise.all([
      import('../../pipeline/open-run-context.ts'),
      import('../../pipeline/start-run.ts'),
    ]);
    const context = await openRunContext({ ...config, connections: 1, storeMode: 'read', probe: true });
    try {
      const plan = await planFor(context, config, 'plan');
      process.stdout.write(flags.json ? `${JSON.stringify(plan.phases, null, 2)}\n` : formatPlan(plan));
    } finally {
      await context.close();
    }
  });
};

/** One line per entity, grouped by phase. */
export function formatPlan(plan: RunPlan): string {
  const lines: string[] = [];
  let rows = 0;
  plan.phases.forEach((phase, i) => {
    lines.push(`phase ${i + 1}${phase.length > 1 ? ' (in parallel)' : ''}`);
    for (const e of phase) {
      rows += e.estimatedRows ?? 0;
      const defer = e.deferUnresolved ? '  [deferred references: cycle or self-reference]' : '';
      const estimate = e.estimatedRows === null ? '?' : String(e.estimatedRows);
      lines.push(`  ${e.entity} <- ${e.stream}: ${e.partitions} partition(s), ~${estimate} rows${defer}`);
    }
  });
  lines.push(`${plan.tasks.length} task(s), ~${rows} rows`);
  return `${lines.join('\n')}\n`;
}

import type { RoundPlan } from './chaos-plan.ts';
import type { ChaosWorld } from './chaos-world.ts';

/** SIGKILLs the planned component and starts it again (the first half of the documented recovery). */
export async function killAndRestart(
  world: ChaosWorld,
  plan: RoundPlan,
  coordinator: { kill(s: NodeJS.Signals): void },
) {
  switch (plan.component) {
    case 'onboard':
      coordinator.kill('SIGKILL');
      return;
    case 'core':
      await world.core.kill();
      await world.core.start();
      return;
    case 'worker': {
      const open = (w: ChaosWorld['workers'][number]) => {
        const started = w.events.filter((e) => e.event === 'task.start').length;
        const ended = w.events.filter((e) => e.event !== 'task.start' && e.event.startsWith('task.')).length;
        return started > ended;
      };
      const busy = world.workers.filter(open);
      const pool = busy.length > 0 ? busy : world.workers;
      const victim = pool[plan.workerPick % pool.length];
      if (victim === undefined) throw new Error('no worker to kill');
      victim.child.kill('SIGKILL');
      await victim.exited;
      world.workers.splice(world.workers.indexOf(victim), 1);
      await world.addWorker();
      return;
    }
    case 'redis':
      await world.redis.restart();
      return;
    case 'postgres':
      await world.postgres.kill();
      await world.postgres.start();
      return;
  }
}

/** The first lines of a crash in a process's output: the error, not the stack. */
function crashOf(output: string): string {
  const lines = output.split('\n').filter((l) => !l.startsWith('{') && !/^\s+at /.test(l));
  return lines
    .filter((l) => /Error|Unhandled|error event/.test(l))
    .slice(0, 3)
    .join(' | ')
    .slice(0, 400);
}

/** Components that should be running and are not (core, workers), named for the round's report. */
export function deadBystanders(world: ChaosWorld): string[] {
  const dead: string[] = [];
  if (!world.core.alive()) dead.push(`core exited: ${crashOf(world.core.output())}`);
  for (const w of world.workers)
    if (w.child.exitCode !== null || w.child.signalCode !== null)
      dead.push(
        `worker ${w.child.pid} exited (${w.child.exitCode ?? w.child.signalCode}): ${crashOf(w.stderr())}`,
      );
  return dead;
}

/** Starts again what died without being the victim, so the next round starts whole. */
export async function heal(world: ChaosWorld): Promise<void> {
  if (!world.core.alive()) await world.core.start();
  for (const w of [...world.workers])
    if (w.child.exitCode !== null || w.child.signalCode !== null) {
      world.workers.splice(world.workers.indexOf(w), 1);
      await world.addWorker();
    }
}

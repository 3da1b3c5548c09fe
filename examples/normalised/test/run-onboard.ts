import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../packages/onboard/bin/onboard.js', import.meta.url));

/** One entity's totals in `onboard run --json`'s last line. */
export interface EntityTotals {
  readonly entity: string;
  readonly read: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
}

/** `onboard run --json …` as a user runs it; resolves with the run's summary (its last line). */
export function runOnboard(
  args: readonly string[],
  token: string,
): Promise<{ status: string; entities: EntityTotals[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'run', '--json', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ONBOARD_TOKEN: token },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const end = stdout
        .split('\n')
        .filter((line) => line.includes('"run.end"'))
        .map((line) => JSON.parse(line) as { status: string; entities: EntityTotals[] })
        .at(-1);
      if (code !== 0 || end === undefined)
        reject(new Error(`onboard run exited ${code}: ${stderr || stdout.slice(-2000)}`));
      else resolve(end);
    });
  });
}

/** Per entity: [read, created, updated, unchanged, rejected], for compact expectations. */
export function counts(entities: readonly EntityTotals[]): Record<string, number[]> {
  return Object.fromEntries(
    entities.map((e) => [e.entity, [e.read, e.created, e.updated, e.unchanged, e.rejected]]),
  );
}

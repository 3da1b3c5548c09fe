// `npm run bench [-- --quick] [-- --only a,b] [-- --out FILE]`: runs every bench/*.ts script, each in
// its own process, one after the other (the machine is small and shared), and writes their figures,
// with the date and the machine, to BENCHMARKS.md. The convention the scripts follow: lib/section.ts.
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatSeconds } from './lib/format.ts';
import { describeMachine } from './lib/machine.ts';
import { markdownTable } from './lib/markdown-table.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

interface ScriptResult {
  readonly name: string;
  readonly ok: boolean;
  readonly status: string;
  readonly seconds: number;
  readonly markdown: string;
  /** Succeeded and printed nothing: a helper module beside the benchmarks, not one of them. */
  readonly silent: boolean;
}

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string', default: join(root, 'BENCHMARKS.md') },
    'timeout-minutes': { type: 'string', default: '30' },
    /** Where the scripts are; for testing this runner. */
    dir: { type: 'string', default: here },
  },
});
const benchDir = resolve(values.dir);

const all = readdirSync(benchDir)
  .filter(
    (f) => f.endsWith('.ts') && !['run-all.ts', 'vitest.config.ts'].includes(f) && !/[-.]child\.ts$/.test(f),
  )
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const only = values.only?.split(',').map((s) => s.trim().replace(/\.ts$/, ''));
const unknown = only?.filter((name) => !all.includes(name)) ?? [];
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${all.join(', ') || 'none'}`);
  process.exit(2);
}
const scripts = only === undefined ? all : all.filter((name) => only.includes(name));
const timeoutMs = Number(values['timeout-minutes']) * 60_000;

/** The script running now, so Ctrl-C or a kill stops it too instead of leaving it orphaned. */
let running: ReturnType<typeof spawn> | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    running?.kill(signal);
    process.stderr.write(`\nrun-all: ${signal}, stopped (BENCHMARKS.md not written)\n`);
    process.exit(130);
  });
}

/** Runs one script, passing its stderr through live and keeping its stdout (the figures). */
function runScript(name: string): Promise<ScriptResult> {
  const started = performance.now();
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [join(benchDir, `${name}.ts`)], {
      cwd: root,
      env: { ...process.env, ...(values.quick ? { BENCH_QUICK: '1' } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running = child;
    const out: Buffer[] = [];
    let errTail = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      errTail = (errTail + chunk.toString('utf8')).slice(-4000);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running = undefined;
      const seconds = (performance.now() - started) / 1000;
      const stdout = Buffer.concat(out).toString('utf8').trim();
      const ok = code === 0 && !timedOut;
      const status = timedOut ? 'timed out' : ok ? 'ok' : `failed (${signal ?? `exit ${code}`})`;
      let markdown = stdout.startsWith('## ') ? stdout : `## ${name}\n\n${stdout || '_printed no figures_'}`;
      if (!ok) {
        const tail = errTail.trim().split('\n').slice(-20).join('\n');
        markdown += `\n\n**${name} ${status}.** Last lines of its log:\n\n\`\`\`text\n${tail}\n\`\`\``;
      }
      resolvePromise({ name, ok, status, seconds, markdown, silent: ok && stdout === '' });
    });
  });
}

const results: ScriptResult[] = [];
for (const name of scripts) {
  process.stderr.write(`\n=== bench/${name}.ts${values.quick ? ' (quick)' : ''}\n`);
  const result = await runScript(name);
  if (result.silent) process.stderr.write(`bench/${name}.ts printed nothing: a helper module, left out\n`);
  else results.push(result);
}

const machine = describeMachine();
const document = [
  '# Benchmarks',
  '',
  `Written by \`npm run bench${values.quick ? ' -- --quick' : ''}\` on ${machine.date}.${
    values.quick ? ' **Quick run: small sizes, for checking the plumbing, not for quoting.**' : ''
  } Each benchmark runs alone in its own process; see \`docs/benchmarks.md\` for what each one measures.`,
  '',
  markdownTable(
    ['machine', ''],
    [
      ['Node.js', machine.node],
      ['CPU', machine.cpu],
      ['cores', String(machine.cores)],
      ['memory', machine.memory],
      ['OS', machine.os],
    ],
  ),
  '',
  results.length === 0
    ? '_No benchmark scripts found in bench/._'
    : markdownTable(
        ['benchmark', 'status', 'wall time'],
        results.map((r) => [`bench/${r.name}.ts`, r.status, formatSeconds(r.seconds)]),
      ),
  '',
  ...results.map((r) => `${r.markdown}\n`),
].join('\n');

writeFileSync(values.out, document);
const failed = results.filter((r) => !r.ok);
const shown = relative(process.cwd(), values.out);
process.stderr.write(
  `\nwrote ${shown.startsWith('..') ? values.out : shown}: ${results.length - failed.length} ok, ${failed.length} failed\n`,
);
process.exitCode = failed.length > 0 ? 1 : 0;

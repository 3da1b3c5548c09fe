#!/usr/bin/env node
// Runs the TypeScript sources directly: Node.js strips the types natively from 22.18 on the 22
// line and from 23.6 on, and undici 8 needs 22.19, hence >= 22.19 (the same range as `engines`
// and scripts/use-node.sh). Older Node.js would
// fail with an ERR_UNKNOWN_FILE_EXTENSION stack, so this file checks first and stays plain
// JavaScript. The compile cache (in the OS temporary folder) keeps the stripped and compiled
// modules between runs: start-up drops from about half a second to a fifth.
import module from 'node:module';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19) || (major === 23 && minor < 6)) {
  process.stderr.write(
    `onboard: needs Node.js >= 22.19, this is v${process.versions.node}; run \`source scripts/use-node.sh\` in the repository (or put Node.js 24 first on PATH)\n`,
  );
  process.exit(3);
}
// The ETL allocates fast and keeps a few batches alive at any time: V8 then grows the young
// generation to its maximum (64 MiB a semi-space on a machine with much memory, 128 MiB resident)
// although 16 MiB serve as well (docs/benchmarks.md). A V8 heap limit can only be set when the
// process starts, so the first start replaces itself (execve: same process id, same signals and
// stdio, nothing left running) with one that has the flag, unless it was given one already.
// The same start sets V8's old-generation growing factor to 2 (its default grows the limit up to
// several times the live heap): V8 keeps the pages of its largest heap resident for the rest of
// the process, so a heap that swells once (the merge pre-pass, a burst of batches) stays in the
// RSS (1M Vendor X rows from MariaDB: 350 MiB peak RSS with the default, 237-255 with 1.5, 260
// with 2); 1.5 cost a full mark-compact of the ~25 MiB live heap every ~15,000 rows, 2 about 9%
// less CPU for the whole move (docs/benchmarks.md).
// The same start also fixes glibc malloc's thresholds (unless GLIBC_TUNABLES is set): by default
// glibc raises its mmap threshold after freeing a large block, so the ETL's request bodies and
// driver buffers then come from the main heap, which stays fragmented and resident (1M Vendor X
// rows: ~440 MiB peak RSS, ~325 with these; docs/benchmarks.md). Other C libraries ignore it.
// A command line that only prints a text (`--version`, `--help`, `help`, no command at all) runs no
// command, so it skips the restart: a second Node.js start cost ~0.15 of the ~0.4 CPU seconds of
// `onboard --version`. The program's own options (`--version`, `--debug`) take no value, so the
// first word that is not an option is the command.
const MALLOC_TUNABLES = 'glibc.malloc.mmap_threshold=131072:glibc.malloc.trim_threshold=131072';
const words = process.argv.slice(2);
const optionWords = words.includes('--') ? words.slice(0, words.indexOf('--')) : words;
const command = words.find((word) => !word.startsWith('-'));
const printsOnly =
  command === undefined || command === 'help' || optionWords.includes('--help') || optionWords.includes('-h');
if (
  typeof process.execve === 'function' &&
  !printsOnly &&
  !process.execArgv.some((flag) => flag.startsWith('--max-semi-space-size')) &&
  !(process.env.NODE_OPTIONS ?? '').includes('--max-semi-space-size')
) {
  const growing = process.execArgv.some((flag) => flag.startsWith('--heap-growing-percent'))
    ? []
    : ['--heap-growing-percent=100'];
  process.execve(
    process.execPath,
    [process.execPath, '--max-semi-space-size=16', ...growing, ...process.execArgv, ...process.argv.slice(1)],
    process.env.GLIBC_TUNABLES === undefined
      ? { ...process.env, GLIBC_TUNABLES: MALLOC_TUNABLES }
      : process.env,
  );
}
module.enableCompileCache?.();
// A reader that stops early (`| head -1`, `| less` quit early) closes the pipe: that is
// not an error. A command whose product is what it prints (`report`, `runs`, `plan`, ...) ends
// quietly with 0 when stdout goes. A command that moves data (`run`, `resume`, `worker`) goes on
// without output: the run ends as it would have, is recorded in the run store, and its exit code
// says how it ended. A closed stderr only silences the notes, whatever the command.
// A terminal that goes away (ssh dropped, the window closed) is the same to them: it sends SIGHUP,
// whose default action would end the process, and then fails every write with EIO. A command that
// moves data stops writing to the terminal (output redirected to a file or a pipe goes on) and the
// run ends and is recorded as above. So does every other command that ends by itself once its work
// is done (`report --rejected-csv FILE`, `prune`, `plan > plan.txt`, ...): what it writes to a file
// or a pipe is whole. Only `console`, which serves until stopped, ends with its terminal.
// (docs/running.md, "Exit codes")
const MOVES_DATA = new Set(['run', 'resume', 'worker']);
const ENDS_WITH_TERMINAL = new Set(['console']);
const CLOSED = new Set(['EPIPE', 'EIO']);
const silence = (stream) => {
  stream.write = (_chunk, encoding, callback) => {
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') queueMicrotask(done);
    return true;
  };
};
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (!CLOSED.has(error.code)) throw error;
    if (stream === process.stdout && !MOVES_DATA.has(command)) process.exit(0);
    silence(stream);
  });
}
if (!ENDS_WITH_TERMINAL.has(command)) {
  process.on('SIGHUP', () => {
    for (const stream of [process.stdout, process.stderr]) if (stream.isTTY) silence(stream);
  });
}
let main;
let runtimeJsonProblem;
try {
  ({ main } = await import('../src/cli/main.ts'));
  ({ runtimeJsonProblem } = await import('@madeup/contract'));
} catch (error) {
  // Sources or dependencies missing (no `npm ci` in the repository, a partial copy): say what,
  // not a module-loader stack.
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || process.argv.includes('--debug')) throw error;
  process.stderr.write(
    `onboard: cannot load its code: ${error.message.split('\n')[0]}; run \`npm ci\` in the repository it comes from\n`,
  );
  process.exit(1);
}

// Untrusted JSON is parsed with JSON.parse: refuse a runtime whose JSON.parse misreads keys
// (@madeup/contract's json-runtime.ts says which).
const problem = runtimeJsonProblem();
if (problem !== undefined) {
  process.stderr.write(`onboard: ${problem}\n`);
  process.exit(3);
}
process.exitCode = await main(process.argv);

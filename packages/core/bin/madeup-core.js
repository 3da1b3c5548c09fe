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
    `madeup-core: needs Node.js >= 22.19, this is v${process.versions.node}; run \`source scripts/use-node.sh\` in the repository (or put Node.js 24 first on PATH)\n`,
  );
  process.exit(3);
}
// `serve` imports batch after batch, each alive across its database round trips, so every young-
// generation collection copies the batches in flight. V8 grows the young generation of a machine
// with much memory to 64 MiB a semi-space; 16 MiB collects more often but copies no more each time:
// 200,000 Vendor X rows took core ~4-14% less CPU and ~60 MiB less peak RSS (docs/benchmarks.md).
// A V8 heap limit can only be set when the process starts, so `serve` replaces itself (execve: same
// process id, same signals and stdio, nothing left running) with one that has the flag, unless it
// was given one already (`--max-semi-space-size=0` keeps V8's default).
// The same start sets V8's old-generation growing factor to 2 (`--heap-growing-percent=100`, unless
// given; `=0` keeps V8's own). V8 keeps the pages of its largest heap resident for the rest of the
// process, and by default lets the old generation grow to 3-4 times what lives in it (~50-70 MiB
// in an import: the reference cache, the batches in flight): two 1M-row moves into two tenants
// peaked at ~430 MiB RSS with V8's default, 263-297 MiB with this, for some CPU in more full
// collections (docs/core.md, "Memory").
if (
  typeof process.execve === 'function' &&
  process.argv.slice(2).includes('serve') &&
  !process.execArgv.some((flag) => flag.startsWith('--max-semi-space-size')) &&
  !(process.env.NODE_OPTIONS ?? '').includes('--max-semi-space-size')
) {
  const growing = process.execArgv.some((flag) => flag.startsWith('--heap-growing-percent'))
    ? []
    : ['--heap-growing-percent=100'];
  process.execve(
    process.execPath,
    [process.execPath, '--max-semi-space-size=16', ...growing, ...process.execArgv, ...process.argv.slice(1)],
    process.env,
  );
}
module.enableCompileCache?.();
// A reader that stops early (`| head -1`) closes the pipe: that is not an error, so end quietly
// instead of dying on an EPIPE stack.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
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
    `madeup-core: cannot load its code: ${error.message.split('\n')[0]}; run \`npm ci\` in the repository it comes from\n`,
  );
  process.exit(1);
}

// Untrusted JSON is parsed with JSON.parse: refuse a runtime whose JSON.parse misreads keys
// (@madeup/contract's json-runtime.ts says which).
const problem = runtimeJsonProblem();
if (problem !== undefined) {
  process.stderr.write(`madeup-core: ${problem}\n`);
  process.exit(3);
}
process.exitCode = await main(process.argv);

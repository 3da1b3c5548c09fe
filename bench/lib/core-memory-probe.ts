// Loaded into a `madeup-core serve` process by `bench/core-memory.ts` (`--import` of this file):
// every `BENCH_MEMORY_PROBE_MS` (default 500) it appends one JSON line to the file named by
// `BENCH_MEMORY_PROBE_FILE` with where the process's memory is: RSS and its anonymous part, V8's
// heap (used, committed, per space), memory outside the heap that V8 knows of (`external`, buffers),
// the glibc main heap's resident size and the resident size of the other anonymous mappings (V8's
// pages, malloc's other arenas, thread stacks), from /proc/self/smaps. It changes nothing in core.
import { appendFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';

const file = process.env['BENCH_MEMORY_PROBE_FILE'];
const intervalMs = Number(process.env['BENCH_MEMORY_PROBE_MS'] ?? 500);

/** Resident kB of the `[heap]` mapping (glibc's main arena) and of every other anonymous mapping. */
function smapsResident(): { mainHeapKb: number; otherAnonKb: number; fileKb: number } {
  let mainHeapKb = 0;
  let otherAnonKb = 0;
  let fileKb = 0;
  let kind: 'heap' | 'anon' | 'file' = 'anon';
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) {
      const name = line.split(/\s+/)[5] ?? '';
      kind = name === '[heap]' ? 'heap' : name === '' || name.startsWith('[') ? 'anon' : 'file';
    } else if (line.startsWith('Rss:')) {
      const kb = Number(line.split(/\s+/)[1]);
      if (kind === 'heap') mainHeapKb += kb;
      else if (kind === 'anon') otherAnonKb += kb;
      else fileKb += kb;
    }
  }
  return { mainHeapKb, otherAnonKb, fileKb };
}

/** How many ids core's reference cache holds: the same module instance the serve process loads. */
let cachedIds: () => number = () => -1;
const bin = process.argv[1];
if (bin?.endsWith('madeup-core.js')) {
  const cacheModule = pathToFileURL(join(dirname(bin), '../src/import/reference-cache.ts')).href;
  void import(cacheModule).then(
    (m: { cachedIdCount?: () => number }) => {
      if (m.cachedIdCount !== undefined) cachedIds = m.cachedIdCount;
    },
    () => {},
  );
}

if (file !== undefined && file !== '') {
  const log = (kind: string) => {
    const usage = process.memoryUsage();
    const heap = getHeapStatistics();
    const spaces = Object.fromEntries(
      getHeapSpaceStatistics().map((s) => [
        s.space_name,
        { size: s.space_size, used: s.space_used_size, physical: s.physical_space_size },
      ]),
    );
    appendFileSync(
      file,
      `${JSON.stringify({
        kind,
        at: Date.now(),
        cachedIds: cachedIds(),
        pid: process.pid,
        rss: usage.rss,
        heapTotal: usage.heapTotal,
        heapUsed: usage.heapUsed,
        external: usage.external,
        arrayBuffers: usage.arrayBuffers,
        heapPhysical: heap.total_physical_size,
        mallocedMemory: heap.malloced_memory,
        spaces,
        ...smapsResident(),
      })}\n`,
    );
  };
  setInterval(() => log('sample'), intervalMs).unref();
  // SIGUSR2 (sent by the bench after a move): a full collection when `--expose-gc` is on, then a
  // line of what is left, so the live heap shows apart from garbage not yet collected.
  process.on('SIGUSR2', () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    log(gc === undefined ? 'signal' : 'after-gc');
  });
}

// Runs every benchmark and writes BENCHMARKS.md. No benchmark exists yet.
console.log('not built yet: no benchmarks exist yet');

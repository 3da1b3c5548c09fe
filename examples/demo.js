// `npm run demo`: checks the Node.js version before loading the TypeScript demo (examples/demo.ts),
// which an older Node.js could not even parse: it would end in an ERR_UNKNOWN_FILE_EXTENSION stack.
// The range is the one of `engines` in package.json and of scripts/use-node.sh.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19) || (major === 23 && minor < 6)) {
  process.stderr.write(
    `demo: needs Node.js >= 22.19, this is v${process.versions.node}; run \`source scripts/use-node.sh\` first\n`,
  );
  process.exit(3);
}
{
  // As the bins: refuse a runtime whose JSON.parse misreads keys (@madeup/contract's json-runtime.ts).
  const { runtimeJsonProblem } = await import('@madeup/contract');
  const problem = runtimeJsonProblem();
  if (problem !== undefined) {
    process.stderr.write(`demo: ${problem}\n`);
    process.exit(3);
  }
}
await import('./demo.ts');

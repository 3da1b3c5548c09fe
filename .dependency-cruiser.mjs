// The import rules of docs/architecture.md, checked by `npm run check` (dependency-cruiser).
// Each package's source is a stack of layers, top first: a folder (or top-level file) may import
// its own folder and the layers below it, never a layer above nor a sibling of its own layer.
// Change a stack here and the map in docs/architecture.md together.

/** onboard: the CLI drives the pipeline, which drives executors, which use the building blocks. */
const ONBOARD = [
  ['index'],
  ['cli'],
  ['progress', 'console'],
  ['pipeline', 'worker'],
  ['executor'],
  ['loader', 'store', 'planner', 'mapping'],
  ['connectors'],
  ['time'],
  ['config'],
  ['errors'],
];

/** core: the CLI starts the server, routes call the use cases, which use storage and the model. */
const CORE = [
  ['index'],
  ['cli'],
  ['start-core'],
  ['http'],
  ['readback', 'tenancy'],
  ['import', 'catalog', 'config'],
  ['storage'],
  ['model'],
  ['logging'],
];

/** A folder `name/` or a top-level file `name.ts` of `packages/<pkg>/src`. */
const unit = (pkg, names) => `^packages/${pkg}/src/(${names.join('|')})(/|[.]ts$)`;

function layerRules(pkg, stack) {
  return stack.flatMap((layer, i) => {
    const below = stack.slice(i + 1).flat();
    return layer.map((name) => ({
      name: `${pkg}-layers`,
      comment: `${pkg}/src/${name} may import only itself and ${below.join(', ') || 'no other folder'} (docs/architecture.md)`,
      severity: 'error',
      from: { path: unit(pkg, [name]) },
      to: { path: `^packages/${pkg}/src/`, pathNot: unit(pkg, [name, ...below]) },
    }));
  });
}

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    ...layerRules('onboard', ONBOARD),
    ...layerRules('core', CORE),
    {
      name: 'contract-stands-alone',
      comment: 'the wire contract imports nothing but Node.js: both programs depend on it, it on neither',
      severity: 'error',
      from: { path: '^packages/contract/src/' },
      to: { dependencyTypesNot: ['core'], pathNot: '^packages/contract/src/' },
    },
    {
      name: 'programs-apart',
      comment: 'core and onboard meet only through packages/contract (and HTTP)',
      severity: 'error',
      from: { path: '^packages/(core|onboard)/src/' },
      to: { path: '^packages/(core|onboard|testkit)/', pathNot: '^packages/$1/' },
    },
    {
      name: 'source-not-tests',
      comment: 'shipped code never imports test code or the test harness',
      severity: 'error',
      from: { path: '^packages/[^/]+/src/', pathNot: '^packages/testkit/' },
      to: { path: ['^packages/[^/]+/test/', '^packages/testkit/', '(^|/)vitest'] },
    },
    {
      name: 'no-circular',
      comment: 'files never import each other in a loop, type-only imports included (Biome ignores those)',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      comment: 'every import names a file or package that exists',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // TypeScript 7 has no compiler API for dependency-cruiser yet; swc parses the sources, and its
    // parse keeps type-only imports: a layer may not even name a type of a layer above.
    parser: 'swc',
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)dist/', '(^|/)node_modules/'] },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

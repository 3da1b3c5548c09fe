import { packageProject } from '../../vitest.shared.ts';

/**
 * `isolate: false`: a worker runs core's test files one after another in one module graph instead
 * of loading core, its drivers and Fastify again for each file. Core's tests share no module state
 * (every file starts its own core on its own databases and changes no environment variable), and
 * this halves the CPU of the run (docs/testing.md, "How long it takes").
 */
export default packageProject('core', { isolate: false });

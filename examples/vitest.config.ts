import { packageProject } from '../vitest.shared.ts';

/** The examples' own tests: generators and mappings under `examples/<vendor>/test/`, and the demo's under `examples/test/`. */
export default packageProject('examples', { include: ['test/**/*.test.ts', '*/test/**/*.test.ts'] });

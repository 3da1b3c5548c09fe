import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The browser libraries the console serves from `node_modules` under `/vendor/NAME/` (no CDN, no
 * bundle, no build step): each is an ES module its own package ships. `from` is the package whose
 * dependency it is (chart.js brings its colour helper).
 */
const LIBRARIES = [
  { name: 'preact', module: 'dist/preact.mjs' },
  { name: 'preact/hooks', package: 'preact', module: 'hooks/dist/hooks.mjs' },
  { name: 'htm', module: 'dist/htm.mjs' },
  { name: 'chart.js', module: 'dist/chart.js' },
  { name: '@kurkle/color', module: 'dist/color.esm.js', from: 'chart.js' },
] as const;

/** A package the console serves: its folder and URL prefix. */
export interface VendorPackage {
  readonly name: string;
  readonly dir: string;
  readonly prefix: string;
}

const require = createRequire(import.meta.url);

/** The folder of an installed package, found through Node's resolution from `from` (default: here). */
function packageDir(name: string, from?: string): string {
  const base = from === undefined ? require : createRequire(join(packageDir(from), 'package.json'));
  try {
    return dirname(base.resolve(`${name}/package.json`));
  } catch {
    // Packages whose `exports` hide package.json: resolve the entry, then walk up to the package root.
    let dir = dirname(base.resolve(name));
    while (!dir.endsWith(join('node_modules', name)) && dirname(dir) !== dir) dir = dirname(dir);
    return dir;
  }
}

/** The packages to serve, each once. */
export function vendorPackages(): VendorPackage[] {
  const seen = new Map<string, VendorPackage>();
  for (const lib of LIBRARIES) {
    const name = 'package' in lib ? lib.package : lib.name;
    if (seen.has(name)) continue;
    seen.set(name, {
      name,
      dir: packageDir(name, 'from' in lib ? lib.from : undefined),
      prefix: `/vendor/${name}/`,
    });
  }
  return [...seen.values()];
}

/** The page's import map: bare specifiers to the served modules. */
export function importMap(): { imports: Record<string, string> } {
  return {
    imports: Object.fromEntries(
      LIBRARIES.map((lib) => [
        lib.name,
        `/vendor/${'package' in lib ? lib.package : lib.name}/${lib.module}`,
      ]),
    ),
  };
}

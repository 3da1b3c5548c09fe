import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Writes into `dir` a module to preload (`node --import FILE`) under which the bare specifier
 * `name` cannot be resolved, failing as a package missing from node_modules does
 * (ERR_MODULE_NOT_FOUND); resolves with its path.
 */
export async function missingPackageHook(dir: string, name: string): Promise<string> {
  const file = join(dir, `without-${name}.mjs`);
  await writeFile(
    file,
    [
      "import { registerHooks } from 'node:module';",
      'registerHooks({',
      '  resolve(specifier, context, next) {',
      `    if (specifier !== ${JSON.stringify(name)}) return next(specifier, context);`,
      '    const error = new Error("Cannot find package \'" + specifier + "\' imported from " + context.parentURL);',
      "    error.code = 'ERR_MODULE_NOT_FOUND';",
      '    throw error;',
      '  },',
      '});',
      '',
    ].join('\n'),
  );
  return file;
}

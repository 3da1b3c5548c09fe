import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OnboardError } from '../errors/onboard-error.ts';
import type { HookModule } from './hook-module.ts';
import { parseMappingText } from './mapping-text.ts';

/** A mapping file could not be read, parsed, or its hooks module loaded. */
export class MappingLoadError extends OnboardError {
  override readonly name = 'MappingLoadError';
  constructor(message: string, options?: ErrorOptions) {
    super('config', message, options);
  }
}

/** A mapping file read from disk: its text, its data and its loaded hooks module. */
export interface LoadedMapping {
  readonly file: string;
  readonly text: string;
  readonly data: unknown;
  readonly hooks?: HookModule;
}

/** What the common codes of a failed read mean, for the message. */
const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: ', no such file: check --mapping',
  EISDIR: ', a folder: --mapping names the mapping file',
  EACCES: ', permission denied',
};

/** Reads a mapping file and imports the hooks module it names (relative to the file). */
export async function loadMapping(file: string): Promise<LoadedMapping> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === undefined ? String(error) : `${code}${READ_ERRORS[code] ?? ''}`;
    const where = resolve(file) === file ? '' : ` (looked for ${resolve(file)})`;
    throw new MappingLoadError(`cannot read mapping ${file}: ${why}${where}`);
  }
  const parsed = parseMappingText(text);
  const first = parsed.syntaxProblems[0];
  if (first) throw new MappingLoadError(`${file}:${first.line}:${first.column}: ${first.message}`);
  const hooks = await loadHooks(parsed.data, dirname(resolve(file)));
  return hooks ? { file, text, data: parsed.data, hooks } : { file, text, data: parsed.data };
}

/** Imports the module named by a mapping's `hooks:` key, if any. */
export async function loadHooks(data: unknown, baseDir: string): Promise<HookModule | undefined> {
  const name = (data as { hooks?: unknown } | null)?.hooks;
  if (typeof name !== 'string') return undefined;
  const path = resolve(baseDir, name);
  try {
    return (await import(pathToFileURL(path).href)) as HookModule;
  } catch (error) {
    throw new MappingLoadError(`cannot load hooks module ${path}: ${(error as Error).message}`);
  }
}

import { access, constants, stat } from 'node:fs/promises';
import type { CheckResult } from '../connector.ts';
import { discoverFiles } from './discover.ts';
import type { FileFormat } from './file-format.ts';

/** The path exists, is readable, and holds at least one CSV/NDJSON file whose start parses. */
export async function checkFiles(path: string, format: FileFormat): Promise<CheckResult> {
  try {
    await stat(path);
  } catch {
    return { ok: false, code: 'database_missing', message: `${path} does not exist` };
  }
  try {
    await access(path, constants.R_OK);
  } catch {
    return { ok: false, code: 'permission_denied', message: `${path} is not readable by this user` };
  }
  try {
    const streams = await discoverFiles(path, format);
    if (streams.length === 0)
      return {
        ok: false,
        code: 'invalid_config',
        message: `${path} holds no .csv, .tsv, .ndjson or .jsonl file`,
      };
    return { ok: true };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EACCES')
      return { ok: false, code: 'permission_denied', message: `a file under ${path} is not readable` };
    return {
      ok: false,
      code: 'other',
      message: `${path}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

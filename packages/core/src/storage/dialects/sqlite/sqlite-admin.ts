import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** For SQLite the "server" is a folder and a database is a file in it. */
export function sqliteLocate(folder: string, name: string): string {
  return join(folder, `${name}.sqlite`);
}

/**
 * Creates a database file readable by its owner only (0600, in a folder created 0700). SQLite
 * gives the `-wal` and `-shm` files the mode of the database file.
 */
export async function sqlitePrivateFile(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, '', { flag: 'a', mode: 0o600 });
  await chmod(path, 0o600);
}

export async function sqliteCreateDatabase(folder: string, name: string): Promise<string> {
  const path = sqliteLocate(folder, name);
  await sqlitePrivateFile(path);
  return path;
}

export async function sqliteDropDatabase(folder: string, name: string): Promise<void> {
  const file = sqliteLocate(folder, name);
  await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(`${file}${suffix}`, { force: true })));
}

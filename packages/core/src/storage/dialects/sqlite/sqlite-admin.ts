import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** For SQLite the "server" is a folder and a database is a file in it. */
export function sqliteLocate(folder: string, name: string): string {
  return join(folder, `${name}.sqlite`);
}

export async function sqliteCreateDatabase(folder: string, name: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  return sqliteLocate(folder, name);
}

export async function sqliteDropDatabase(folder: string, name: string): Promise<void> {
  const file = sqliteLocate(folder, name);
  await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(`${file}${suffix}`, { force: true })));
}

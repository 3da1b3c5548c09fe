// Fails when a test file focuses tests with `.only`, which would silently skip the rest in CI.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['packages', 'examples', 'bench'];
const offenders: string[] = [];

function walk(dir: string): void {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.test\.ts$/.test(entry)) {
      readFileSync(path, 'utf8')
        .split('\n')
        .forEach((line, index) => {
          if (/\b(describe|it|test|suite)\.only\s*\(/.test(line))
            offenders.push(`${path}:${index + 1}: ${line.trim()}`);
        });
    }
  }
}

for (const root of roots) {
  try {
    walk(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
if (offenders.length > 0) {
  console.error(`focused tests (.only) found:\n${offenders.join('\n')}`);
  process.exit(1);
}

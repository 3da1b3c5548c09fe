import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const BINS = ['packages/onboard/bin/onboard.js', 'packages/core/bin/madeup-core.js', 'examples/demo.js'];
const PACKAGES = [
  'package.json',
  ...['contract', 'core', 'onboard', 'testkit'].map((p) => `packages/${p}/package.json`),
];
/** The machine's own Node.js (20 here): too old to strip types. */
const OLD_NODE = '/usr/bin/node';

function runWith(node: string, file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(node, [`${ROOT}${file}`, '--help'], { cwd: ROOT }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The version of the machine's own Node.js when it is older than 22, else undefined. */
function oldNodeVersion(): string | undefined {
  if (!existsSync(OLD_NODE)) return undefined;
  const version = execFileSync(OLD_NODE, ['--version'], { encoding: 'utf8' }).trim();
  return Number(/^v(\d+)/.exec(version)?.[1]) < 22 ? version : undefined;
}

describe('the Node.js version check', () => {
  const old = oldNodeVersion();

  it.skipIf(old === undefined)(
    'both bins and the demo say which Node.js they need, exit 3, no stack',
    async () => {
      for (const bin of BINS) {
        const result = await runWith(OLD_NODE, bin);
        expect(result.code, bin).toBe(3);
        expect(result.stderr, bin).toContain(`needs Node.js >= 22.19, this is ${old}`);
        expect(result.stderr, bin).toContain('source scripts/use-node.sh');
        expect(result.stderr, bin).not.toContain('ERR_UNKNOWN_FILE_EXTENSION');
        expect(result.stderr, bin).not.toMatch(/^\s+at /m);
      }
    },
  );

  it('engines, the bins and scripts/use-node.sh agree on the minimum', () => {
    for (const file of PACKAGES) {
      const engines = (JSON.parse(readFileSync(`${ROOT}${file}`, 'utf8')) as { engines?: { node?: string } })
        .engines;
      expect(engines?.node, file).toBe('^22.19.0 || >=23.6.0');
    }
    for (const bin of BINS) {
      const text = readFileSync(`${ROOT}${bin}`, 'utf8');
      expect(text, bin).toContain('(major === 22 && minor < 19) || (major === 23 && minor < 6)');
    }
    const useNode = readFileSync(`${ROOT}scripts/use-node.sh`, 'utf8');
    expect(useNode).toContain('(a === 23 && b >= 6) || (a === 22 && b >= 19)');
  });
});

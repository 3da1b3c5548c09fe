import { join } from 'node:path';
import { COLUMNAR_IMPORT_MEDIA_TYPE, type TenantDialect } from '@madeup/contract';
import { describeEachDialect } from '@madeup/testkit';
import { beforeAll, expect, it } from 'vitest';
import { entityCounts, generateVendorX, MAPPING, runImport } from '../pipeline/pipeline-support.ts';
import { startRecordingProxy } from '../support/recording-proxy.ts';
import { coreCounts, useE2eCore } from './e2e-support.ts';

const ROWS = 600;

/**
 * A Vendor X move sends columnar bodies to a core that announces them, and the object form to one
 * that does not (an older core, played by a proxy hiding `importMediaTypes`): the same records,
 * outcomes, rejections and checksums either way, on every tenant technology.
 */
describeEachDialect('onboard run sends columnar import bodies', (target) => {
  const fixture = useE2eCore();
  let file = '';
  beforeAll(async () => {
    file = join(fixture().dir, `vendor-x-${target.name}.sqlite`);
    await generateVendorX(file, ROWS);
  });

  const move = async (hideImportMediaTypes: boolean) => {
    const tenant = await fixture().tenant(target.name as TenantDialect);
    const proxy = await startRecordingProxy(fixture().core.url, { hideImportMediaTypes });
    try {
      const summary = await runImport({
        mappingPath: MAPPING,
        sourceUrl: `sqlite:${file}`,
        coreUrl: proxy.url,
        token: tenant.token,
        storeUrl: join(fixture().dir, `runs-${tenant.id}.sqlite`),
        dryRun: false,
      });
      const stored = await coreCounts(fixture().core, tenant.token, 'vendor-x');
      return { summary, stored, contentTypes: [...proxy.importContentTypes] };
    } finally {
      await proxy.close();
    }
  };

  let columnar: Awaited<ReturnType<typeof move>>;
  let objects: Awaited<ReturnType<typeof move>>;
  beforeAll(async () => {
    columnar = await move(false);
    objects = await move(true);
  });

  it('uses the columnar body against a core that announces it, the object form otherwise', () => {
    expect(columnar.summary.status).toBe('succeeded');
    expect(columnar.contentTypes.length).toBeGreaterThan(5);
    expect(new Set(columnar.contentTypes)).toEqual(new Set([COLUMNAR_IMPORT_MEDIA_TYPE]));
    expect(objects.summary.status).toBe('succeeded');
    expect(objects.contentTypes.length).toBe(columnar.contentTypes.length);
    expect(new Set(objects.contentTypes)).toEqual(new Set(['application/json']));
  });

  it('gives the same outcomes, rejections and checksums in both forms', () => {
    expect(entityCounts(columnar.summary)).toEqual(entityCounts(objects.summary));
    const rejected = columnar.summary.entities.reduce((n, t) => n + t.rejected, 0);
    expect(rejected).toBeGreaterThan(0);
    expect(columnar.stored).toEqual(objects.stored);
    expect(Object.values(columnar.stored).reduce((n, e) => n + e.count, 0)).toBeGreaterThan(ROWS / 2);
  });
});

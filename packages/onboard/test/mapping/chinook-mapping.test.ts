import { join } from 'node:path';
import type { ImportRecord } from '@madeup/contract';
import { MODEL, schemaDocument } from '@madeup/core';
import { CHINOOK_DIR, describeEachDialect, loadChinook, useTestDatabase } from '@madeup/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../src/connectors/connector.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import {
  type CompiledMapping,
  checkMapping,
  compileMapping,
  type LoadedMapping,
  loadMapping,
} from '../../src/mapping/index.ts';
import { CHINOOK_POSTGRES_STREAMS, CHINOOK_SQLITE_STREAMS } from './fixtures/chinook-streams.ts';
import { CORE_SCHEMA } from './fixtures/core-schema.ts';

/** Core's own model, as `GET /v1/schema` serves it: its real constraints (e.g. 2-letter countries) apply. */
const LIVE_SCHEMA = schemaDocument(MODEL, { maxBatchRecords: 1000, maxBatchBytes: 1_000_000 });
const MAPPING = join(import.meta.dirname, '../../../../examples/chinook/mapping.yaml');

let loaded: LoadedMapping;
beforeAll(async () => {
  loaded = await loadMapping(MAPPING);
});

/** Every record the mapping makes of the whole source, by entity, plus every row error. */
async function transformAll(connector: Connector, mapping: CompiledMapping) {
  const streams = await connector.discover();
  const records = new Map<string, ImportRecord[]>();
  const errors: unknown[] = [];
  for (const entity of mapping.entities) {
    const stream = streams.find((candidate) => candidate.name === entity.stream)!;
    const out: ImportRecord[] = [];
    for (const partition of await connector.partition(stream, 5000)) {
      for await (const batch of connector.read(stream, partition, { batchSize: 1000 })) {
        for (const row of batch) {
          const result = entity.transform(row);
          if ('record' in result) out.push(result.record);
          else errors.push({ entity: entity.entity, row, result });
        }
      }
    }
    records.set(
      entity.entity,
      out.sort((a, b) => a.externalId.localeCompare(b.externalId)),
    );
  }
  return { records, errors };
}

describe('the Chinook example mapping against discovery fixtures', () => {
  it.each([
    ['SQLite/MySQL', CHINOOK_SQLITE_STREAMS, 'Invoice'],
    ['PostgreSQL', CHINOOK_POSTGRES_STREAMS, 'public.invoice'],
  ])('checks clean and binds to the %s spelling', (_form, streams, invoiceStream) => {
    expect(checkMapping(loaded.text, CORE_SCHEMA, streams, { hooks: loaded.hooks! })).toEqual([]);
    const mapping = compileMapping(loaded.data, CORE_SCHEMA, { streams, hooks: loaded.hooks! });
    expect(mapping.entity('invoices')?.stream).toBe(invoiceStream);
    expect(mapping.queries).toEqual([
      { name: 'chinook_offices', sql: 'SELECT DISTINCT City, State, Country FROM Employee' },
    ]);
  });

  it('checks clean against core’s own model, as GET /v1/schema serves it', () => {
    expect(checkMapping(loaded.text, LIVE_SCHEMA, CHINOOK_SQLITE_STREAMS, { hooks: loaded.hooks! })).toEqual(
      [],
    );
  });
});

/** The records made from the dataset's own SQLite file: every other form must give the same. */
let reference: Map<string, ImportRecord[]>;

describeEachDialect('the Chinook example mapping over the real database', (target) => {
  const database = useTestDatabase(target, 'chinook_map');
  let result: Awaited<ReturnType<typeof transformAll>>;
  beforeAll(async () => {
    if (!reference) {
      const source = openConnector({
        url: `sqlite:${CHINOOK_DIR}/Chinook_Sqlite.sqlite`,
        queries: queriesOf(loaded),
      });
      try {
        const discovered = await source.discover();
        const compiled = compileMapping(loaded.data, LIVE_SCHEMA, {
          streams: discovered,
          hooks: loaded.hooks!,
        });
        reference = (await transformAll(source, compiled)).records;
      } finally {
        await source.close();
      }
    }
    await loadChinook(database());
    const connector = openConnector({ url: database().url, queries: queriesOf(loaded) });
    try {
      const streams = await connector.discover();
      expect(checkMapping(loaded.text, LIVE_SCHEMA, streams, { hooks: loaded.hooks! })).toEqual([]);
      result = await transformAll(
        connector,
        compileMapping(loaded.data, LIVE_SCHEMA, { streams, hooks: loaded.hooks! }),
      );
    } finally {
      await connector.close();
    }
  });

  it('turns every row into a record, and the same records as the SQLite original', () => {
    const { records, errors } = result;
    expect(errors).toEqual([]);
    const counts = Object.fromEntries([...records].map(([entity, list]) => [entity, list.length]));
    expect(counts).toEqual({
      locations: 3,
      staff: 8,
      customers: 59,
      products: 3503,
      invoices: 412,
      invoiceLines: 2240,
      payments: 412,
    });
    for (const [entity, list] of records) expect(list, entity).toEqual(reference.get(entity));
  });

  it('maps a sample of records field by field', () => {
    const { records } = result;
    const find = (entity: string, id: string) =>
      records.get(entity)?.find((record) => record.externalId === id);
    expect(find('staff', '3')).toEqual({
      externalId: '3',
      fields: {
        firstName: 'Jane',
        lastName: 'Peacock',
        email: 'jane@chinookcorp.com',
        phone: '+14032623443',
        title: 'Sales Support Agent',
        hiredAt: '2002-04-01',
      },
      refs: { manager: '2', location: 'Canada/AB/Calgary' },
    });
    expect(find('locations', 'Canada/AB/Calgary')).toEqual({
      externalId: 'Canada/AB/Calgary',
      fields: { name: 'Calgary office', address: { city: 'Calgary', region: 'AB', country: 'CA' } },
    });
    expect(find('customers', '2')).toMatchObject({
      fields: {
        lastName: 'Köhler',
        company: null,
        phone: '+497112842222',
        address: { region: null, postalCode: '70174' },
      },
      refs: { accountManager: '5' },
    });
    expect(find('products', '1')).toEqual({
      externalId: '1',
      fields: {
        name: 'For Those About To Rock (We Salute You)',
        sku: 'TRK-1',
        category: 'Rock',
        unitPrice: '0.99',
        currency: 'USD',
        attributes: {
          composer: 'Angus Young, Malcolm Young, Brian Johnson',
          albumId: 1,
          mediaTypeId: 1,
          bytes: 11170334,
          duration: '5:44',
        },
        active: true,
      },
    });
    expect(find('invoices', '1')).toEqual({
      externalId: '1',
      fields: {
        number: 'INV-1',
        issuedAt: '2021-01-01T00:00:00.000000Z',
        billingAddress: {
          line1: 'Theodor-Heuss-Straße 34',
          city: 'Stuttgart',
          region: null,
          postalCode: '70174',
          country: 'DE',
        },
        total: '1.98',
        currency: 'USD',
        status: 'paid',
      },
      refs: { customer: '2' },
    });
    expect(find('invoiceLines', '1')).toEqual({
      externalId: '1',
      fields: { quantity: '1', unitPrice: '0.99' },
      refs: { invoice: '1', product: '2' },
    });
    expect(find('payments', 'PAY-1')).toMatchObject({
      fields: { amount: '1.98', method: 'card' },
      refs: { invoice: '1' },
    });
  });
});

function queriesOf(mapping: LoadedMapping) {
  return compileMapping(mapping.data, LIVE_SCHEMA, { hooks: mapping.hooks! }).queries;
}

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { MODEL, schemaDocument } from '@madeup/core';
import {
  analyseMapping,
  type CompiledMapping,
  type Connector,
  checkMapping,
  loadHooks,
  openConnector,
  parseMappingText,
  type Row,
  type StreamInfo,
} from '@madeup/onboard';
import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAttributes } from '../hooks.ts';
import { type GenerateSummary, generateVendorX, VENDOR_X_MAPPING } from '../index.ts';

const HERE = fileURLToPath(new URL('..', import.meta.url));
const SCHEMA = schemaDocument(MODEL, { maxBatchRecords: 1000, maxBatchBytes: 10_000_000 });

async function readAll(connector: Connector, stream: StreamInfo): Promise<Row[]> {
  const rows: Row[] = [];
  for (const partition of await connector.partition(stream, 1_000_000_000)) {
    for await (const batch of connector.read(stream, partition, { batchSize: 1000 })) rows.push(...batch);
  }
  return rows;
}

describeEachDialect('vendor-x mapping', (target) => {
  const database = useTestDatabase(target, 'vxmap');
  let summary: GenerateSummary;
  let connector: Connector;
  let streams: StreamInfo[];
  let text: string;
  let compiled: CompiledMapping;

  beforeAll(async () => {
    summary = await generateVendorX({ target: database().url, rows: 3000, seed: 11 });
    connector = openConnector({ url: database().url });
    streams = await connector.discover();
    text = await readFile(VENDOR_X_MAPPING, 'utf8');
    const hooks = await loadHooks(parseMappingText(text).data, HERE);
    const analysed = analyseMapping(parseMappingText(text).data, SCHEMA, {
      streams,
      ...(hooks ? { hooks } : {}),
    });
    expect(analysed.problems).toEqual([]);
    compiled = analysed.compiled!;
  });
  afterAll(async () => {
    await connector?.close();
  });

  it("checks clean against core's schema and this source's discovery", async () => {
    const hooks = await loadHooks(parseMappingText(text).data, HERE);
    expect(checkMapping(text, SCHEMA, streams, hooks ? { hooks } : {})).toEqual([]);
    expect(compiled.entities.map((e) => e.entity).sort()).toEqual(SCHEMA.entities.map((e) => e.name).sort());
  });

  it('transforms every row; only the rows core cannot take fail, and for the promised reason', async () => {
    const outcomes = new Map<string, { ok: number; errors: string[] }>();
    for (const entity of compiled.entities) {
      const stream = streams.find((s) => s.name === entity.stream)!;
      const result = { ok: 0, errors: [] as string[] };
      for (const row of await readAll(connector, stream)) {
        const out = entity.transform(row);
        if ('record' in out) result.ok++;
        else if ('error' in out) result.errors.push(`${out.error.field}:${out.error.code}`);
      }
      outcomes.set(entity.entity, result);
    }
    const t = summary.tables;
    expect(outcomes.get('locations')).toEqual({ ok: t.branch, errors: [] });
    expect(outcomes.get('staff')).toEqual({ ok: t.emp, errors: [] });
    expect(outcomes.get('products')).toEqual({ ok: t.item, errors: [] });
    expect(outcomes.get('invoices')).toEqual({ ok: t.inv_hdr, errors: [] });
    expect(outcomes.get('invoiceLines')).toEqual({ ok: t.inv_det, errors: [] });
    expect(outcomes.get('payments')).toEqual({ ok: t.pmt, errors: [] });
    const customers = outcomes.get('customers')!;
    expect(customers.errors).toEqual(new Array(summary.dirt.missingEmails).fill('fields.email:required'));
    expect(customers.ok).toBe(t.client - summary.dirt.missingEmails);
  });

  it('cleans and maps the vendor values into core values', async () => {
    const entity = (name: string) => compiled.entity(name)!;
    const stream = (name: string) => streams.find((s) => s.name === name)!;
    const records = async (name: string) =>
      (await readAll(connector, stream(entity(name).stream))).map((row) => entity(name).transform(row));
    const fields = (out: ReturnType<CompiledMapping['entities'][number]['transform']>) =>
      'record' in out ? (out.record.fields as Record<string, unknown>) : {};

    const customers = (await records('customers')).map(fields).filter((f) => f['email'] !== undefined);
    for (const f of customers) {
      expect(f['firstName']).toMatch(/^[A-Z][a-z]+$/);
      expect(f['lastName']).toMatch(/^[A-Z][a-z]+$/);
      expect(f['email']).toBe(String(f['email']).trim().toLowerCase());
    }
    const created = customers.map((f) => f['createdAt']);
    expect(created.filter((c) => c === null).length).toBe(summary.dirt.badDates);
    for (const c of created) if (c !== null) expect(c).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

    const statuses = new Set((await records('invoices')).map((o) => fields(o)['status']));
    expect([...statuses].sort()).toEqual(['draft', 'open', 'paid', 'void']);
    const methods = new Set((await records('payments')).map((o) => fields(o)['method']));
    expect([...methods].sort()).toEqual(['bank_transfer', 'card', 'cash', 'cheque']);
    const staff = (await records('staff')).map((o) => ('record' in o ? o.record : undefined));
    expect(staff.filter((s) => s?.refs?.['manager'] === null).length).toBe(1);
  });
});

describe('vendor-x hooks', () => {
  it('parseAttributes turns JSON text into an object, blank into null, and refuses the rest', () => {
    expect(parseAttributes('{"color":"red","weight_kg":1.5}')).toEqual({ color: 'red', weight_kg: 1.5 });
    expect(parseAttributes(null)).toBeNull();
    expect(parseAttributes('  ')).toBeNull();
    expect(() => parseAttributes('[1,2]')).toThrow(/not an object/);
    expect(() => parseAttributes('{oops')).toThrow();
    expect(() => parseAttributes(42)).toThrow(/not text/);
  });
});

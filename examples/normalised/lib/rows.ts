import type { Cell } from './sql-target.ts';

/** How many rows each table gets for `customers` customers. */
export interface NormalisedSizes {
  readonly country: number;
  readonly city: number;
  readonly address: number;
  readonly store: number;
  readonly staff: number;
  readonly customer: number;
  readonly product: number;
  readonly orders: number;
  readonly payment: number;
}

const COUNTRIES: readonly (readonly [string, string])[] = [
  ['GB', 'United Kingdom'],
  ['DE', 'Germany'],
  ['FR', 'France'],
  ['NL', 'Netherlands'],
  ['US', 'United States'],
  ['CA', 'Canada'],
];
const CITY_PARTS = ['North', 'South', 'East', 'West', 'Old', 'New', 'Upper', 'Lower'];
const CITY_ROOTS = ['field', 'ford', 'haven', 'bridge', 'mouth', 'wick', 'stead', 'bury'];
const FIRST = ['Ada', 'Ben', 'Chloe', 'Dev', 'Ema', 'Finn', 'Greta', 'Hugo', 'Iris', 'Jon', 'Kira', 'Lev'];
const LAST = ['Archer', 'Brook', 'Cole', 'Dale', 'Ember', 'Frost', 'Grant', 'Hale', 'Ives', 'Judd'];
const STREETS = ['High Street', 'Mill Lane', 'Church Road', 'Station Road', 'Park Avenue', 'Green Way'];
const GOODS = ['Kettle', 'Lamp', 'Chair', 'Table', 'Mug', 'Rug', 'Clock', 'Shelf', 'Vase', 'Desk'];
const STAFF_PER_STORE = 3;
const STORES = 3;

export function normalisedSizes(customers: number): NormalisedSizes {
  return {
    country: COUNTRIES.length,
    city: COUNTRIES.length * 4,
    address: STORES + customers,
    store: STORES,
    staff: STORES * STAFF_PER_STORE,
    customer: customers,
    product: 40,
    orders: customers * 3,
    // Every other order is paid.
    payment: Math.ceil((customers * 3) / 2),
  };
}

/** mulberry32: a small, seeded generator, the same numbers on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
/** A naive timestamp `minutes` after 2024-01-01 00:00. */
function stampAt(minutes: number): string {
  const at = new Date(Date.UTC(2024, 0, 1) + minutes * 60_000);
  return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:00`;
}

/** Every table's rows, cells in column order (see `tables.ts`), from a seed. */
export function normalisedRows(customers: number, seed: number): Record<string, Cell[][]> {
  const size = normalisedSizes(customers);
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const between = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));
  const updated = () => stampAt(between(0, 60 * 24 * 300));
  const rows: Record<string, Cell[][]> = {};

  rows['country'] = COUNTRIES.map(([iso, name], i) => [i + 1, iso, name, updated()]);
  rows['city'] = Array.from({ length: size.city }, (_, i) => [
    i + 1,
    `${CITY_PARTS[i % CITY_PARTS.length]}${CITY_ROOTS[Math.floor(i / CITY_PARTS.length) % CITY_ROOTS.length]}`,
    (i % size.country) + 1,
    updated(),
  ]);
  rows['address'] = Array.from({ length: size.address }, (_, i) => [
    i + 1,
    `${between(1, 220)} ${pick(STREETS)}`,
    `${between(10000, 99999)}`,
    between(1, size.city),
    updated(),
  ]);
  // Store s lives at address s and is run by its first staff member.
  rows['store'] = Array.from({ length: size.store }, (_, i) => [
    i + 1,
    `Shop ${i + 1}`,
    i + 1,
    i * STAFF_PER_STORE + 1,
    updated(),
  ]);
  rows['staff'] = Array.from({ length: size.staff }, (_, i) => {
    const first = pick(FIRST);
    const last = pick(LAST);
    return [
      i + 1,
      first,
      last,
      `${first}.${last}.${i + 1}@shop.example`.toLowerCase(),
      Math.floor(i / STAFF_PER_STORE) + 1,
      updated(),
    ];
  });
  rows['customer'] = Array.from({ length: size.customer }, (_, i) => {
    const first = pick(FIRST);
    const last = pick(LAST);
    return [
      i + 1,
      first,
      last,
      `${first}.${last}.${i + 1}@mail.example`.toLowerCase(),
      size.store + i + 1,
      between(1, size.store),
      updated(),
    ];
  });
  rows['product'] = Array.from({ length: size.product }, (_, i) => [
    i + 1,
    `${pick(GOODS)} ${i + 1}`,
    `${between(1, 300)}.${pad(between(0, 99))}`,
    updated(),
  ]);
  const prices = rows['product'].map((row) => Number(row[2]));
  rows['orders'] = Array.from({ length: size.orders }, (_, i) => {
    const product = between(1, size.product);
    const quantity = between(1, 5);
    const price = prices[product - 1] as number;
    const minutes = between(0, 60 * 24 * 300);
    return [
      i + 1,
      between(1, size.customer),
      product,
      quantity,
      price.toFixed(2),
      ((Math.round(price * 100) * quantity) / 100).toFixed(2),
      pick(['GBP', 'EUR', 'USD']),
      stampAt(minutes),
      stampAt(minutes + between(0, 600)),
    ];
  });
  rows['payment'] = Array.from({ length: size.payment }, (_, i) => {
    const order = rows['orders']?.[i * 2] as Cell[];
    return [
      i + 1,
      order[0] as number,
      order[5] as string,
      order[8] as string,
      between(1, size.staff),
      order[8] as string,
    ];
  });
  return rows;
}

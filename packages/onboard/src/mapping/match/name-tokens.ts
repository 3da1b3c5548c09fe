import { localStreamName } from '../../connectors/stream-name.ts';

/**
 * Names as words, for comparing a vendor's `inv_hdr.bill_zip` with core's
 * `invoices.billingAddress.postalCode`: split at case changes, `_`, `-`, `.`, spaces and digits,
 * lower-cased, common database abbreviations spelled out, plurals made singular.
 */

/** Abbreviations that vendor schemas use, spelled out. Only words of the same meaning. */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  acct: 'account',
  addr: 'address',
  amt: 'amount',
  attr: 'attribute',
  attrs: 'attribute',
  cd: 'code',
  cust: 'customer',
  desc: 'description',
  det: 'detail',
  dob: 'birthdate',
  dt: 'date',
  emp: 'employee',
  flg: 'flag',
  hdr: 'header',
  inv: 'invoice',
  mgr: 'manager',
  nbr: 'number',
  nm: 'name',
  no: 'number',
  num: 'number',
  pmt: 'payment',
  prod: 'product',
  qty: 'quantity',
  rcvd: 'received',
  ref: 'reference',
  tel: 'phone',
  ts: 'timestamp',
};

/** Ending `ies` -> `y`, else a final `s` dropped (`customers`, `invoices`; not `status`, `address`). */
function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** `InvoiceLineId` -> invoice, line, id; `bill_addr1` -> bill, address, 1; `public.emp` -> employee. */
export function nameTokens(name: string): string[] {
  const local = localStreamName(name);
  return local
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])/g, '$1 $2')
    .replace(/([0-9])([A-Za-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => ABBREVIATIONS[word] ?? singular(word));
}

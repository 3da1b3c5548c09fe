import { dottedDate, EPOCH_SECONDS, naiveTimestamp, SPAN_SECONDS } from '../format.ts';
import {
  type Address,
  address,
  breakEmail,
  emailOf,
  messyName,
  type PersonName,
  personName,
  phone,
} from '../people.ts';
import { RowRandom } from '../random.ts';
import { char, int, type TableContext, timestamp, type VendorTable, varchar } from '../table.ts';
import { COMPANY_SUFFIXES, COMPANY_WORDS } from '../words.ts';

export const CLIENT_STREAM = 3;
const DUPLICATE_STREAM = 13;
const BAD_DATES = ['00/00/0000', 'unknown', ''] as const;

/** What a client would be if it were nobody's duplicate. */
export interface ClientBase {
  readonly name: PersonName;
  readonly messy: boolean;
  readonly email: string | null;
  readonly emailBad: boolean;
  readonly company: string | null;
  readonly phone: string;
  readonly address: Address;
  readonly accountManager: number | null;
  readonly homeBranch: number | null;
  readonly active: boolean;
  readonly createdOn: string;
  readonly createdKind: 'timestamp' | 'dotted' | 'bad';
  readonly lastModified: string;
}

export function clientBase(ctx: TableContext, id: number): ClientBase {
  const r = new RowRandom(ctx.seed, CLIENT_STREAM, id);
  const name = personName(r);
  const messy = r.chance(0.05);
  const emailRoll = r.next();
  const email = emailRoll < 0.01 ? null : emailOf(name, 'c', id, r);
  const emailBad = email !== null && emailRoll < 0.04;
  const created = EPOCH_SECONDS + r.int(0, SPAN_SECONDS);
  const dateRoll = r.next();
  const createdKind = dateRoll < 0.01 ? 'bad' : dateRoll < 0.26 ? 'dotted' : 'timestamp';
  return {
    name: messy ? { first: messyName(name.first, r), last: name.last } : name,
    messy,
    email: emailBad && email !== null ? breakEmail(email, r) : email,
    emailBad,
    company: r.chance(0.4) ? `${r.pick(COMPANY_WORDS)} ${r.pick(COMPANY_SUFFIXES)}` : null,
    phone: phone(r),
    address: address(r),
    accountManager: r.chance(0.1) ? null : r.int(1, ctx.sizes.emp),
    homeBranch: r.chance(0.05) ? null : r.int(1, ctx.sizes.branch),
    active: r.chance(0.85),
    createdOn:
      createdKind === 'bad'
        ? r.pick(BAD_DATES)
        : createdKind === 'dotted'
          ? dottedDate(created)
          : naiveTimestamp(created),
    createdKind,
    lastModified: naiveTimestamp(created + r.int(0, 3600 * 24 * 700)),
  };
}

const duplicateRandom = (ctx: TableContext, id: number) => new RowRandom(ctx.seed, DUPLICATE_STREAM, id);

/** Whether client `id` repeats an earlier client (2% of them, never the first). */
function isDuplicate(ctx: TableContext, id: number): boolean {
  return id > 1 && duplicateRandom(ctx, id).chance(0.02);
}

/** The earlier client that client `id` duplicates (itself nobody's duplicate), or null. */
export function originalOfClient(ctx: TableContext, id: number): number | null {
  if (!isDuplicate(ctx, id)) return null;
  const r = duplicateRandom(ctx, id);
  r.next();
  let original = r.int(1, id - 1);
  while (isDuplicate(ctx, original)) original--;
  return original;
}

/**
 * `client`: customers. About 2% repeat an earlier client (same person, e-mail in upper case with a
 * trailing space, last name in capitals); 3% have a malformed e-mail, 1% none; `created_on` is
 * text, mostly `YYYY-MM-DD HH:MM:SS`, a quarter `DD.MM.YYYY`, 1% garbage; `status_cd` is A or I.
 */
export const clientTable: VendorTable = {
  name: 'client',
  columns: [
    int('client_id', false),
    varchar('cust_no', 12, false),
    varchar('first_nm', 40),
    varchar('last_nm', 40),
    varchar('company_nm', 120),
    varchar('email', 120),
    varchar('phone', 30),
    varchar('street', 120),
    varchar('street2', 120),
    varchar('city', 60),
    varchar('state_cd', 10),
    varchar('postal_cd', 12),
    char('country_cd', 2),
    int('acct_mgr_id'),
    int('home_branch_id'),
    char('status_cd', 1, false),
    varchar('created_on', 30),
    timestamp('last_modified', false),
  ],
  indexed: ['acct_mgr_id', 'home_branch_id', 'last_modified'],
  row(ctx, id) {
    const own = clientBase(ctx, id);
    const originalId = originalOfClient(ctx, id);
    const original = originalId === null ? own : clientBase(ctx, originalId);
    const duplicate = originalId !== null;
    const t = ctx.tally;
    if (duplicate) t.duplicateClients++;
    else if (own.messy) t.messyNames++;
    if (original.emailBad) t.badEmails++;
    if (original.email === null) t.missingEmails++;
    if (own.createdKind === 'dotted') t.dottedDates++;
    if (own.createdKind === 'bad') t.badDates++;
    const a = original.address;
    return [
      id,
      `C${String(id).padStart(8, '0')}`,
      duplicate ? `${original.name.first} ` : own.name.first,
      duplicate ? original.name.last.toUpperCase() : own.name.last,
      original.company,
      duplicate && original.email !== null ? `${original.email.toUpperCase()} ` : original.email,
      original.phone,
      a.line1,
      a.line2,
      a.city,
      a.region,
      a.postalCode,
      a.country,
      own.accountManager,
      own.homeBranch,
      own.active ? 'A' : 'I',
      own.createdOn,
      own.lastModified,
    ];
  },
};

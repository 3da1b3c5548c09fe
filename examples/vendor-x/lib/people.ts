import { fillPattern } from './format.ts';
import type { RowRandom } from './random.ts';
import { CITIES, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, STREETS } from './words.ts';

/** A name with odd case or stray spaces, as typed into a legacy form. Never matches /^[A-Z][a-z]+$/. */
export function messyName(name: string, r: RowRandom): string {
  switch (r.int(0, 3)) {
    case 0:
      return name.toUpperCase();
    case 1:
      return name.toLowerCase();
    case 2:
      return `  ${name}`;
    default:
      return `${name.toLowerCase()} `;
  }
}

export interface PersonName {
  readonly first: string;
  readonly last: string;
}

export function personName(r: RowRandom): PersonName {
  return { first: r.pick(FIRST_NAMES), last: r.pick(LAST_NAMES) };
}

/** The e-mail a person `id` of `kind` would have: unique, since it carries the id. */
export function emailOf(name: PersonName, kind: string, id: number, r: RowRandom): string {
  return `${name.first}.${name.last}.${kind}${id}@${r.pick(EMAIL_DOMAINS)}`.toLowerCase();
}

/** Breaks an e-mail in one of three ways a validator must catch. */
export function breakEmail(email: string, r: RowRandom): string {
  const at = email.indexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  switch (r.int(0, 2)) {
    case 0:
      return `${local}(at)${domain}`;
    case 1:
      return `${local}@@${domain}`;
    default:
      return `${local}@${domain.slice(0, domain.indexOf('.'))}`;
  }
}

export interface Address {
  readonly line1: string;
  readonly line2: string | null;
  readonly city: string;
  readonly region: string;
  readonly postalCode: string;
  readonly country: string;
}

export function address(r: RowRandom): Address {
  const [city, region, country, postal] = r.pick(CITIES);
  return {
    line1: `${r.int(1, 9999)} ${r.pick(STREETS)}`,
    line2: r.chance(0.15) ? `Suite ${r.int(100, 999)}` : null,
    city,
    region,
    postalCode: fillPattern(postal, () => r.next()),
    country,
  };
}

export function phone(r: RowRandom): string {
  return `(${r.int(200, 989)}) ${r.int(200, 999)}-${String(r.int(0, 9999)).padStart(4, '0')}`;
}

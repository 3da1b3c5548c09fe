import { describe, expect, it } from 'vitest';
import { closestNames, nameSimilarity } from '../../../src/mapping/match/name-similarity.ts';
import { nameTokens } from '../../../src/mapping/match/name-tokens.ts';
import { wordSimilarity } from '../../../src/mapping/match/word-match.ts';

describe('nameTokens', () => {
  it('splits every spelling into words, spells out abbreviations and makes plurals singular', () => {
    expect(nameTokens('InvoiceLineId')).toEqual(['invoice', 'line', 'id']);
    expect(nameTokens('invoice_line_id')).toEqual(['invoice', 'line', 'id']);
    expect(nameTokens('public.inv_hdr')).toEqual(['invoice', 'header']);
    expect(nameTokens('bill_addr1')).toEqual(['bill', 'address', '1']);
    expect(nameTokens('customers')).toEqual(['customer']);
    expect(nameTokens('status')).toEqual(['status']);
    expect(nameTokens('HTTPCode')).toEqual(['http', 'code']);
  });
});

describe('wordSimilarity', () => {
  it('scores the same word, same meaning, a prefix and an abbreviation in that order', () => {
    expect(wordSimilarity('city', 'city')).toBe(1);
    expect(wordSimilarity('state', 'region')).toBe(0.9);
    expect(wordSimilarity('bill', 'billing')).toBe(0.85);
    expect(wordSimilarity('qty', 'quantity')).toBe(0.75);
    expect(wordSimilarity('titel', 'title')).toBe(0.8);
    expect(wordSimilarity('adress', 'address')).toBe(0.8);
    expect(wordSimilarity('city', 'country')).toBe(0);
    expect(wordSimilarity('1', '2')).toBe(0);
  });
});

describe('nameSimilarity', () => {
  it('matches names across spellings and abbreviations', () => {
    expect(nameSimilarity('firstName', 'first_nm')).toBe(1);
    expect(nameSimilarity('unitPrice', 'UnitPrice')).toBe(1);
    expect(nameSimilarity('postalCode', 'zip_cd')).toBe(0.95);
    expect(nameSimilarity('accountManager', 'acct_mgr_id')).toBe(1);
    expect(nameSimilarity('company', 'company_nm')).toBeCloseTo(2 / 3);
    expect(nameSimilarity('total', 'total_amt')).toBeGreaterThan(0.9);
  });

  it('keeps numbered names apart and unrelated names low', () => {
    expect(nameSimilarity('line1', 'street2')).toBeLessThan(0.5);
    expect(nameSimilarity('line2', 'street2')).toBeGreaterThan(0.9);
    expect(nameSimilarity('email', 'Composer')).toBe(0);
    expect(nameSimilarity('customers', 'client')).toBe(0.9);
  });

  it('does not take a timestamp column for a flag or an amount through the two letters of `at`', () => {
    // `mapping init` drafted `active: { boolean: updated_at }`, rejecting every row.
    expect(wordSimilarity('at', 'active')).toBe(0);
    for (const field of ['active', 'amount', 'account'])
      expect(nameSimilarity(field, 'updated_at'), field).toBeLessThan(0.4);
  });

  it('orders the closest names first and leaves out the far ones', () => {
    expect(closestNames('FirstNme', ['LastName', 'FirstName', 'Email'])).toEqual(['FirstName']);
    expect(closestNames('billing_city', ['BillingCity', 'City', 'BillingState'])).toEqual([
      'BillingCity',
      'City',
    ]);
  });
});

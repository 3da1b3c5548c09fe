/**
 * How much deliberate dirt a generated database holds. The generator counts as it writes, and the
 * tests count the same things again in the database with plain SQL.
 */
export interface DirtTally {
  /** Clients that repeat an earlier client (same e-mail up to case and spaces, messy name). */
  duplicateClients: number;
  /** Client e-mails that are malformed (no `@`, two `@`, no dot in the domain). */
  badEmails: number;
  /** Clients without an e-mail at all. */
  missingEmails: number;
  /** Employees and clients whose first or last name has odd case or stray spaces (duplicates aside). */
  messyNames: number;
  /** Client `created_on` texts in `DD.MM.YYYY` rather than `YYYY-MM-DD HH:MM:SS`. */
  dottedDates: number;
  /** Client `created_on` texts that are no date at all (`00/00/0000`, `unknown`, empty). */
  badDates: number;
  /** Invoice lines whose `item_id` points at an item that does not exist. */
  orphanLines: number;
  /** Payments whose `inv_id` points at an invoice that does not exist. */
  orphanPayments: number;
  /** Invoice lines with a quantity of zero. */
  zeroQuantityLines: number;
}

export function emptyDirtTally(): DirtTally {
  return {
    duplicateClients: 0,
    badEmails: 0,
    missingEmails: 0,
    messyNames: 0,
    dottedDates: 0,
    badDates: 0,
    orphanLines: 0,
    orphanPayments: 0,
    zeroQuantityLines: 0,
  };
}

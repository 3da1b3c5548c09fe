import { EPOCH_SECONDS, naiveTimestamp, SPAN_SECONDS, usDate } from '../format.ts';
import { emailOf, messyName, personName, phone } from '../people.ts';
import { RowRandom } from '../random.ts';
import { int, type TableContext, timestamp, type VendorTable, varchar } from '../table.ts';
import { JOB_TITLES } from '../words.ts';

export const EMP_STREAM = 2;

/** The branch employee `id` works at: employees are dealt round-robin over the branches. */
export function branchOfEmp(ctx: TableContext, id: number): number {
  return ((id - 1) % ctx.sizes.branch) + 1;
}

/**
 * The manager of employee `id`: employee 1 has none; the other branch managers (employees
 * 2..branches) report to employee 1; everyone else reports to their branch's manager. A
 * self-reference that is a tree, while branch <-> manager makes a cycle.
 */
export function managerOfEmp(ctx: TableContext, id: number): number | null {
  if (id === 1) return null;
  if (id <= ctx.sizes.branch) return 1;
  return branchOfEmp(ctx, id);
}

/** `emp`: staff. `hire_dt` is text in `MM/DD/YYYY`; `reports_to` is the self-reference. */
export const empTable: VendorTable = {
  name: 'emp',
  columns: [
    int('emp_id', false),
    varchar('first_nm', 40, false),
    varchar('last_nm', 40, false),
    varchar('email_addr', 120),
    varchar('phone_no', 30),
    varchar('job_title', 60),
    varchar('hire_dt', 10),
    int('reports_to'),
    int('branch_id'),
    timestamp('last_modified', false),
  ],
  indexed: ['reports_to', 'branch_id', 'last_modified'],
  row(ctx, id) {
    const r = new RowRandom(ctx.seed, EMP_STREAM, id);
    const name = personName(r);
    const messy = r.chance(0.05);
    if (messy) ctx.tally.messyNames++;
    const hired = EPOCH_SECONDS + r.int(0, SPAN_SECONDS);
    return [
      id,
      messy ? messyName(name.first, r) : name.first,
      name.last,
      r.chance(0.1) ? null : emailOf(name, 'e', id, r),
      phone(r),
      id <= ctx.sizes.branch ? 'Branch Manager' : r.pick(JOB_TITLES),
      usDate(hired),
      managerOfEmp(ctx, id),
      branchOfEmp(ctx, id),
      naiveTimestamp(hired + r.int(0, 3600 * 24 * 365)),
    ];
  },
};

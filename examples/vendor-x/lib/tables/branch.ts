import { EPOCH_SECONDS, naiveTimestamp, SPAN_SECONDS } from '../format.ts';
import { address } from '../people.ts';
import { RowRandom } from '../random.ts';
import { char, int, timestamp, type VendorTable, varchar } from '../table.ts';

export const BRANCH_STREAM = 1;

/**
 * `branch`: Vendor X's stores. `mgr_emp_id` is employee `branch_id`, who works at this branch:
 * the branch <-> manager reference cycle.
 */
export const branchTable: VendorTable = {
  name: 'branch',
  columns: [
    int('branch_id', false),
    varchar('branch_cd', 8, false),
    varchar('branch_nm', 80, false),
    varchar('addr_line1', 120),
    varchar('addr_line2', 120),
    varchar('city', 60),
    varchar('state_cd', 10),
    varchar('zip_cd', 12),
    char('country_cd', 2),
    int('mgr_emp_id'),
    timestamp('last_modified', false),
  ],
  indexed: ['mgr_emp_id', 'last_modified'],
  row(ctx, id) {
    const r = new RowRandom(ctx.seed, BRANCH_STREAM, id);
    const a = address(r);
    const name = r.chance(0.2)
      ? ` ${a.city.toUpperCase()} #${id}`
      : `${a.city} ${r.pick(['Central', 'North', 'Downtown', 'Mall', 'Airport'])}`;
    return [
      id,
      `BR${String(id).padStart(4, '0')}`,
      name,
      a.line1,
      a.line2,
      a.city,
      a.region,
      a.postalCode,
      a.country,
      id,
      naiveTimestamp(EPOCH_SECONDS + r.int(0, SPAN_SECONDS)),
    ];
  },
};

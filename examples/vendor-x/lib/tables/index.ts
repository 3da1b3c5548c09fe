import type { VendorTable } from '../table.ts';
import { branchTable } from './branch.ts';
import { clientTable } from './client.ts';
import { empTable } from './emp.ts';
import { invDetTable } from './inv-det.ts';
import { invHdrTable } from './inv-hdr.ts';
import { itemTable } from './item.ts';
import { pmtTable } from './pmt.ts';

/** Every Vendor X table, in the order the generator fills them. */
export const VENDOR_X_TABLES: readonly VendorTable[] = [
  branchTable,
  empTable,
  itemTable,
  clientTable,
  invHdrTable,
  invDetTable,
  pmtTable,
];

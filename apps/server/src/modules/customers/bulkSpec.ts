import { eq } from 'drizzle-orm';
import { visibleRecords, writableRecords } from '../../platform/permissions/recordAccess.ts';
import type { BulkSpec } from './bulk.ts';
import { softDeleteCustomers } from './deletion.ts';
import { moveCustomers } from './ownership.ts';
import { restoreLocked } from './recycle.ts';
import { customers as c } from './schema.ts';
import { customerSelect, type CustomerSelected } from './service.ts';

/** POST /customers/bulk: transfer (with reason; contacts follow), delete, tags, restore. */
export const customerBulk: BulkSpec = {
  recordType: 'customer',
  table: c,
  writable: (actor, permission) => writableRecords(actor, 'customer', c, permission),
  visible: (actor) => visibleRecords(actor, 'customer', c),
  async transfer(tx, src, rows, ownerId, reason) {
    await moveCustomers(tx, src, rows.map((r) => ({ id: r.id, ownerId: r.owner_id })), ownerId, { reason, withContacts: true });
  },
  softDelete: (tx, src, rows) => softDeleteCustomers(tx, src, rows, true),
  async restoreOne(tx, src, id) {
    const [row] = await tx.select(customerSelect).from(c).where(eq(c.id, id));
    await restoreLocked(tx, src, row as CustomerSelected);
  },
};

import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../../platform/audit/audit.ts';
import { auditSource, requirePermission, tenantDb } from '../../platform/http/request.ts';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { assertExportSize, exportColumns, writeXlsx, type ExportSpec } from '../../platform/records/export.ts';
import { countWhere, listOrder, listWhere } from '../../platform/records/listQuery.ts';
import { exportQuerystring } from '../../platform/records/listParams.ts';
import { customerType } from './fields.ts';
import { customers as c } from './schema.ts';
import { customerSource, present, resolveListParams, type CustomerSelected } from './service.ts';

/**
 * GET /customers/export.xlsx: the list as the actor sees it (same filter, sort, search, view,
 * visibility, hidden fields and list masking), streamed. Size is checked and the export audited
 * before the first byte is sent, so an over-large export is a clean 422.
 */
export async function exportCustomers(req: FastifyRequest, reply: FastifyReply) {
  const actor = requirePermission(req, 'customer', 'export');
  const query = exportQuerystring.parse(req.query);
  const spec = await tenantDb(req, async (db): Promise<ExportSpec> => {
    const catalog = await loadCatalog(db, actor, customerType);
    const params = await resolveListParams(db, actor, query);
    const source = customerSource(actor, catalog);
    const where = listWhere(source, params, actor);
    // Explicit columns must all be exportable; a saved view's columns quietly skip fields now hidden.
    const requested = query.columns?.split(',').map((s) => s.trim()).filter(Boolean);
    const viewCols = params.columns?.filter((k) => catalog.fields.some((f) => f.key === k));
    const columns = exportColumns(catalog, requested?.length ? requested : viewCols);
    const count = await countWhere(db, c, where);
    assertExportSize(count);
    await recordAudit(db, auditSource(req, actor), {
      action: 'export', recordType: 'customer',
      data: { filter: params.filter ?? null, sort: params.sort ?? null, q: params.q ?? null, viewId: query.viewId ?? null, columns: columns.map((f) => f.key), rowCount: count },
    });
    return {
      source, where, order: listOrder(source, params), columns,
      toRecord: (row) => present(actor, row as CustomerSelected, 'list'),
      display: { ownerId: (rec) => rec.ownerName ?? null },
      locale: actor.locale, timeZone: actor.timeZone, sheetName: actor.locale.startsWith('zh') ? '客户' : 'Customers',
    };
  });
  const out = new PassThrough();
  void req.server.ctx.db
    .forTenant(actor.tenantId, (db) => writeXlsx(db, spec, out))
    .catch((err: unknown) => {
      req.log.error({ err }, 'customer export failed while streaming');
      out.destroy(err as Error);
    });
  const name = actor.locale.startsWith('zh') ? '客户.xlsx' : 'customers.xlsx';
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="customers.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .header('cache-control', 'no-store')
    .send(out);
}

import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RecordType } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { auditSource, requirePermission, tenantDb } from '../../platform/http/request.ts';
import type { RecordCatalog } from '../../platform/records/catalog.ts';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { assertExportSize, exportColumns, writeXlsx, type ExportSpec } from '../../platform/records/export.ts';
import { countWhere, listOrder, listWhere, type ListParams, type ListSource } from '../../platform/records/listQuery.ts';
import { exportQuerystring, type ListInput } from '../../platform/records/listParams.ts';
import type { RecordTypeDef } from '../../platform/records/registry.ts';
import { customerType } from './fields.ts';
import { customerSource, present, resolveListParams, type CustomerSelected } from './service.ts';

/** What a record type's list export needs; customers and contacts share the rest. */
export interface ListExport {
  def: RecordTypeDef;
  source: (actor: Actor, catalog: RecordCatalog) => ListSource;
  params: (db: Db, actor: Actor, input: ListInput) => Promise<ListParams & { columns?: string[] }>;
  toRecord: (actor: Actor, row: Record<string, unknown>) => Record<string, unknown>;
  display?: ExportSpec['display'];
  /** sheet and file name, Chinese and English */
  name: { zh: string; en: string };
}

/**
 * GET /<records>/export.xlsx: the list as the actor sees it (same filter, sort, search, view,
 * visibility, hidden fields and list masking), streamed. Size is checked and the export audited
 * before the first byte is sent, so an over-large export is a clean 422.
 */
export async function exportList(req: FastifyRequest, reply: FastifyReply, spec: ListExport) {
  const recordType: RecordType = spec.def.recordType;
  const actor = requirePermission(req, recordType, 'export');
  const query = exportQuerystring.parse(req.query);
  const zh = actor.locale.startsWith('zh');
  const xlsx = await tenantDb(req, async (db): Promise<ExportSpec> => {
    const catalog = await loadCatalog(db, actor, spec.def);
    const params = await spec.params(db, actor, query);
    const source = spec.source(actor, catalog);
    const where = listWhere(source, params, actor);
    // Explicit columns must all be exportable; a saved view's columns quietly skip fields now hidden.
    const requested = query.columns?.split(',').map((s) => s.trim()).filter(Boolean);
    const viewCols = params.columns?.filter((k) => catalog.fields.some((f) => f.key === k));
    const columns = exportColumns(catalog, requested?.length ? requested : viewCols);
    const count = await countWhere(db, source.table, where);
    assertExportSize(count);
    await recordAudit(db, auditSource(req, actor), {
      action: 'export', recordType,
      data: { filter: params.filter ?? null, sort: params.sort ?? null, q: params.q ?? null, viewId: query.viewId ?? null, columns: columns.map((f) => f.key), rowCount: count },
    });
    return {
      source, where, order: listOrder(source, params), columns,
      toRecord: (row) => spec.toRecord(actor, row),
      display: spec.display,
      locale: actor.locale, timeZone: actor.timeZone, sheetName: zh ? spec.name.zh : spec.name.en,
    };
  });
  const out = new PassThrough();
  void req.server.ctx.db
    .forTenant(actor.tenantId, (db) => writeXlsx(db, xlsx, out))
    .catch((err: unknown) => {
      req.log.error({ err }, `${recordType} export failed while streaming`);
      out.destroy(err as Error);
    });
  const file = `${zh ? spec.name.zh : spec.name.en}.xlsx`;
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${encodeURIComponent(spec.name.en)}.xlsx"; filename*=UTF-8''${encodeURIComponent(file)}`)
    .header('cache-control', 'no-store')
    .send(out);
}

export const exportCustomers = (req: FastifyRequest, reply: FastifyReply) =>
  exportList(req, reply, {
    def: customerType,
    source: customerSource,
    params: resolveListParams,
    toRecord: (actor, row) => present(actor, row as CustomerSelected, 'list'),
    display: { ownerId: (rec) => rec.ownerName ?? null, previousOwnerId: (rec) => rec.previousOwnerName ?? null },
    name: { zh: '客户', en: 'Customers' },
  });

import type { FastifyReply, FastifyRequest } from 'fastify';
import { exportList } from '../customers/export.ts';
import { leadType } from './fields.ts';
import { leadSource, present, resolveListParams, type LeadSelected } from './service.ts';

/** GET /leads/export.xlsx: the lead list as the actor sees it (the same export customers use). */
export const exportLeads = (req: FastifyRequest, reply: FastifyReply) =>
  exportList(req, reply, {
    def: leadType,
    source: (actor, catalog) => leadSource(actor, catalog),
    params: resolveListParams,
    toRecord: (actor, row) => present(actor, row as LeadSelected, 'list'),
    display: {
      ownerId: (rec) => rec.ownerName ?? null,
      previousOwnerId: (rec) => rec.previousOwnerName ?? null,
      convertedCustomerId: (rec) => rec.convertedCustomerName ?? null,
    },
    name: { zh: '线索', en: 'leads' },
  });

/** Finding a published form from its public key, for the page and the submission endpoint. */
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.ts';
import { tenants } from '../../platform/db/schema.ts';
import { notFound } from '../../platform/http/errors.ts';
import type { FormFieldDef } from './fields.ts';
import { loadFormCatalog } from './service.ts';
import type { FormField } from './submission.ts';
import { webForms, type WebFormRow } from './schema.ts';

export interface PublicForm {
  row: WebFormRow;
  timeZone: string;
  /** the configured fields that still exist (a deleted custom field drops out), in order */
  fields: FormField[];
}

/** Joins the form's field choices with the catalog; the label override wins over the field's own. */
export function resolveFields(row: Pick<WebFormRow, 'fields'>, catalog: FormFieldDef[]): FormField[] {
  const byKey = new Map(catalog.map((d) => [d.key, d]));
  return row.fields.flatMap((config) => {
    const def = byKey.get(config.key);
    return def ? [{ def, config }] : [];
  });
}

/**
 * The form behind a public key. The key is global, so this looks across tenants (as the system);
 * everything after it runs scoped to the form's tenant. Unpublished forms answer 404 like unknown
 * keys, unless `allowUnpublished` (an admin's signed preview link).
 */
export async function loadPublicForm(ctx: AppContext, key: string, opts: { allowUnpublished?: (row: WebFormRow) => boolean } = {}): Promise<PublicForm> {
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(key)) throw notFound('form');
  const [hit] = await ctx.db.asSystem((db) =>
    db.select({ row: webForms, timeZone: tenants.timeZone }).from(webForms).innerJoin(tenants, eq(tenants.id, webForms.tenantId)).where(eq(webForms.publicKey, key)).limit(1),
  );
  if (!hit || (!hit.row.enabled && !opts.allowUnpublished?.(hit.row))) throw notFound('form');
  const catalog = await ctx.db.forTenant(hit.row.tenantId, (db) => loadFormCatalog(db, hit.row.tenantId));
  return { row: hit.row, timeZone: hit.timeZone, fields: resolveFields(hit.row, catalog) };
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { files } from '../../platform/db/schema.ts';
import { notFound } from '../../platform/http/errors.ts';
import { auditSource, requireActor, requirePermission, tenantDb } from '../../platform/http/request.ts';
import { describeCatalog } from '../../platform/records/catalog.ts';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { visibleHistory } from '../../platform/records/history.ts';
import { exportQuerystring, listBody, listQuerystring } from '../../platform/records/listParams.ts';
import { bulkInput } from '../customers/bulk.ts';
import { exportList } from '../customers/export.ts';
import { historyQuery, idParams } from '../customers/input.ts';
import { contentDisposition } from '../files/routes.ts';
import { registerAttachable } from '../files/service.ts';
import {
  createCategory, createPriceBook, deleteCategory, deleteEntry, deletePriceBook, entriesOfProduct, listCategories, listEntries, listPriceBooks,
  productPrice, updateCategory, updatePriceBook, upsertEntry,
} from './catalogue.ts';
import { productType } from './fields.ts';
import {
  bookProductParams, categoryInput, createProductInput, entryInput, moveCategoryInput, priceBookInput, priceQuery, updateCategoryInput,
  updatePriceBookInput, updateProductInput,
} from './input.ts';
import { products } from './schema.ts';
import {
  createProduct, deleteProduct, productBulk, findProduct, getProduct, listDeletedProducts, listProducts, present, productSource, resolveProductListParams,
  restoreProduct, updateProduct, type ProductSelected,
} from './service.ts';

const tags = ['products'];

const categoryParam = z.object({ categoryId: z.uuid() });

const exportProducts = (req: FastifyRequest, reply: FastifyReply, categoryId?: string) =>
  exportList(req, reply, {
    def: productType, source: (actor, catalog) => productSource(actor, catalog, categoryId), params: resolveProductListParams,
    toRecord: (actor, row) => present(actor, row as ProductSelected, 'list'),
    display: { ownerId: (rec) => (rec.ownerName as string | null) ?? null, categoryId: (rec) => (rec.categoryName as string | null) ?? null },
    name: { zh: '产品', en: 'Products' },
  });

/** Products, the category tree, price books with entries and tiers, and the price a line would get. */
export async function productRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  registerAttachable('product', products);

  // The list, also scoped to a category subtree (/products/in/:categoryId — the list page's category tree).
  const listRoutes = (prefix: string, scope: (req: FastifyRequest) => string | undefined) => {
    app.get(prefix, { schema: { tags, querystring: listQuerystring } }, async (req) => {
      const actor = requireActor(req);
      return tenantDb(req, (db) => listProducts(db, actor, req.query, scope(req)));
    });
    app.post(`${prefix}/query`, { schema: { tags, body: listBody } }, async (req) => {
      const actor = requireActor(req);
      return tenantDb(req, (db) => listProducts(db, actor, req.body, scope(req)));
    });
    app.get(`${prefix}/fields`, { schema: { tags } }, async (req) => {
      const actor = requirePermission(req, 'product', 'view');
      return { items: describeCatalog(await tenantDb(req, (db) => loadCatalog(db, actor, productType))) };
    });
    app.get(`${prefix}/export.xlsx`, { schema: { tags, querystring: exportQuerystring } }, async (req, reply) => exportProducts(req, reply, scope(req)));
    app.post(`${prefix}/bulk`, { schema: { tags, body: bulkInput } }, async (req) => {
      const actor = requireActor(req);
      return tenantDb(req, (db) => productBulk(db, actor, auditSource(req), req.body));
    });
  };
  listRoutes('/products', () => undefined);
  listRoutes('/products/in/:categoryId', (req) => categoryParam.parse(req.params).categoryId);
  // creating from a category's list puts the product in that category unless another is chosen
  app.post('/products/in/:categoryId', { schema: { tags, params: categoryParam, body: createProductInput } }, async (req, reply) => {
    const actor = requirePermission(req, 'product', 'create');
    const body = { ...req.body, categoryId: req.body.categoryId === undefined ? req.params.categoryId : req.body.categoryId };
    return reply.status(201).send(await tenantDb(req, (db) => createProduct(db, actor, auditSource(req), body)));
  });
  app.get('/products/recycle-bin', { schema: { tags, querystring: listQuerystring.omit({ viewId: true }) } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listDeletedProducts(db, actor, req.query));
  });

  app.post('/products', { schema: { tags, body: createProductInput } }, async (req, reply) => {
    const actor = requirePermission(req, 'product', 'create');
    return reply.status(201).send(await tenantDb(req, (db) => createProduct(db, actor, auditSource(req), req.body)));
  });
  app.get('/products/:id', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => getProduct(db, actor, req.params.id));
  });
  app.patch('/products/:id', { schema: { tags, params: idParams, body: updateProductInput } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => updateProduct(db, actor, auditSource(req), req.params.id, req.body));
  });
  app.delete('/products/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    const actor = requireActor(req);
    await tenantDb(req, (db) => deleteProduct(db, actor, auditSource(req), req.params.id));
    return reply.status(204).send();
  });
  app.post('/products/:id/restore', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => restoreProduct(db, actor, auditSource(req), req.params.id));
  });
  app.get('/products/:id/history', { schema: { tags, params: idParams, querystring: historyQuery } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, async (db) => {
      const rec = await findProduct(db, actor, req.params.id);
      if (!rec) throw notFound('product');
      return { items: await visibleHistory(db, actor, 'product', req.params.id, rec.ownerId, req.query) };
    });
  });
  app.get('/products/:id/price', { schema: { tags, params: idParams, querystring: priceQuery } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => productPrice(db, actor, req.params.id, req.query));
  });
  app.get('/products/:id/price-books', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, async (db) => {
      if (!(await findProduct(db, actor, req.params.id))) throw notFound('product');
      return { items: await entriesOfProduct(db, actor, req.params.id) };
    });
  });
  // Product images: whoever sees the catalogue sees its pictures (the catalogue is not owner-scoped).
  app.get('/products/:id/images/:fileId', { schema: { tags, params: z.object({ id: z.uuid(), fileId: z.uuid() }) } }, async (req, reply) => {
    const actor = requireActor(req);
    const file = await tenantDb(req, async (db) => {
      const prod = await findProduct(db, actor, req.params.id);
      if (!prod || !prod.imageIds.includes(req.params.fileId)) throw notFound('image');
      const [row] = await db.select().from(files).where(and(eq(files.tenantId, actor.tenantId), eq(files.id, req.params.fileId)));
      if (!row || !row.mimeType.startsWith('image/') || row.mimeType === 'image/svg+xml') throw notFound('image');
      return row;
    });
    return reply
      .header('content-type', file.mimeType)
      .header('content-disposition', contentDisposition('inline', file.name))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, max-age=3600')
      .send(app.ctx.files.open(file.storageKey));
  });

  // category tree
  app.get('/product-categories', { schema: { tags } }, async (req) => {
    const actor = requireActor(req);
    return { items: await tenantDb(req, (db) => listCategories(db, actor)) };
  });
  app.post('/product-categories', { schema: { tags, body: categoryInput } }, async (req, reply) => {
    const actor = requireActor(req);
    return reply.status(201).send(await tenantDb(req, (db) => createCategory(db, actor, auditSource(req), req.body)));
  });
  app.patch('/product-categories/:id', { schema: { tags, params: idParams, body: updateCategoryInput } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => updateCategory(db, actor, auditSource(req), req.params.id, req.body));
  });
  app.post('/product-categories/:id/move', { schema: { tags, params: idParams, body: moveCategoryInput } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => updateCategory(db, actor, auditSource(req), req.params.id, req.body));
  });
  app.delete('/product-categories/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    const actor = requireActor(req);
    await tenantDb(req, (db) => deleteCategory(db, actor, auditSource(req), req.params.id));
    return reply.status(204).send();
  });

  // price books
  app.get('/price-books', { schema: { tags } }, async (req) => {
    const actor = requireActor(req);
    return { items: await tenantDb(req, (db) => listPriceBooks(db, actor)) };
  });
  app.post('/price-books', { schema: { tags, body: priceBookInput } }, async (req, reply) => {
    const actor = requireActor(req);
    return reply.status(201).send(await tenantDb(req, (db) => createPriceBook(db, actor, auditSource(req), req.body)));
  });
  app.patch('/price-books/:id', { schema: { tags, params: idParams, body: updatePriceBookInput } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => updatePriceBook(db, actor, auditSource(req), req.params.id, req.body));
  });
  app.delete('/price-books/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    const actor = requireActor(req);
    await tenantDb(req, (db) => deletePriceBook(db, actor, auditSource(req), req.params.id));
    return reply.status(204).send();
  });
  app.get('/price-books/:id/entries', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return { items: await tenantDb(req, (db) => listEntries(db, actor, req.params.id)) };
  });
  app.put('/price-books/:id/entries/:productId', { schema: { tags, params: bookProductParams, body: entryInput } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => upsertEntry(db, actor, auditSource(req), req.params.id, req.params.productId, req.body));
  });
  app.delete('/price-books/:id/entries/:productId', { schema: { tags, params: bookProductParams } }, async (req, reply) => {
    const actor = requireActor(req);
    await tenantDb(req, (db) => deleteEntry(db, actor, auditSource(req), req.params.id, req.params.productId));
    return reply.status(204).send();
  });
}

import { z } from 'zod';
import { customInput, optText, tagsInput, text } from '../customers/input.ts';

const decimal = z.union([z.string().trim().max(30), z.number()]);

const productFields = {
  code: text(50),
  name: text(200).min(1, 'name is required'),
  categoryId: z.uuid().nullable().optional(),
  unit: optText(20),
  specification: optText(200),
  listPrice: decimal.optional(),
  taxRate: decimal.optional(),
  listed: z.boolean().optional(),
  description: optText(5000),
  imageIds: z.array(z.uuid()).max(20).optional(),
  ownerId: z.uuid().nullable().optional(),
  tags: tagsInput,
  custom: customInput,
};

export const createProductInput = z.strictObject({ ...productFields, code: productFields.code.nullable().optional(), listPrice: decimal.nullable().optional(), taxRate: decimal.nullable().optional() });
export const updateProductInput = z.strictObject(productFields).partial();
export type CreateProductInput = z.infer<typeof createProductInput>;
export type UpdateProductInput = z.infer<typeof updateProductInput>;

export const productListQuerystring = z.object({});

export const categoryInput = z.strictObject({
  name: text(50).min(1, 'name is required'),
  parentId: z.uuid().nullable().optional(),
  sort: z.number().int().min(-1_000_000).max(1_000_000).optional(),
});
export const updateCategoryInput = categoryInput.partial();
export const moveCategoryInput = z.strictObject({ parentId: z.uuid().nullable(), sort: z.number().int().min(-1_000_000).max(1_000_000).optional() });

export const priceBookInput = z.strictObject({
  name: text(100).min(1, 'name is required'),
  description: optText(500),
  active: z.boolean().optional(),
  isDefault: z.boolean().optional(),
});
export const updatePriceBookInput = priceBookInput.partial();

export const tierInput = z.strictObject({ minQuantity: decimal, price: decimal });
export const entryInput = z.strictObject({ price: decimal, tiers: z.array(tierInput).max(20).optional() });
export const bookProductParams = z.object({ id: z.uuid(), productId: z.uuid() });
export const priceQuery = z.strictObject({ priceBookId: z.uuid().optional(), quantity: z.string().trim().max(30).optional() });

/** Product catalogue API (apps/server/src/modules/products/routes.ts): categories, price books, entries, prices. */
import { useQuery } from '@tanstack/react-query';
import type { PriceBookEntryView, PriceBookView, ProductCategoryView } from '@loopline/shared';
import { api } from '../../lib/api.ts';

export type { PriceBookEntryView, PriceBookView, ProductCategoryView };

export const productKeys = {
  categories: ['products', 'categories'] as const,
  books: ['products', 'priceBooks'] as const,
  entries: (bookId: string) => ['products', 'priceBooks', bookId, 'entries'] as const,
  productBooks: (productId: string) => ['products', 'one', productId, 'priceBooks'] as const,
};

export function useCategories() {
  return useQuery({ queryKey: productKeys.categories, queryFn: () => api.get<{ items: ProductCategoryView[] }>('/product-categories').then((r) => r.items) });
}

export function usePriceBooks() {
  return useQuery({ queryKey: productKeys.books, queryFn: () => api.get<{ items: PriceBookView[] }>('/price-books').then((r) => r.items) });
}

export function useEntries(bookId: string | null) {
  return useQuery({
    queryKey: productKeys.entries(bookId ?? ''),
    queryFn: () => api.get<{ items: PriceBookEntryView[] }>(`/price-books/${bookId}/entries`).then((r) => r.items),
    enabled: Boolean(bookId),
  });
}

export function useProductBooks(productId: string) {
  return useQuery({ queryKey: productKeys.productBooks(productId), queryFn: () => api.get<{ items: PriceBookEntryView[] }>(`/products/${productId}/price-books`).then((r) => r.items) });
}

export interface CategoryNode extends ProductCategoryView { children: CategoryNode[]; total: number }

/** Flat categories → a tree (sorted as the server sent them), with each node's products including its subtree. */
export function buildCategoryTree(flat: ProductCategoryView[]): CategoryNode[] {
  const nodes = new Map(flat.map((c) => [c.id, { ...c, children: [] as CategoryNode[], total: c.productCount }]));
  const roots: CategoryNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId ? nodes.get(n.parentId) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  const sum = (n: CategoryNode): number => (n.total = n.productCount + n.children.reduce((a, c) => a + sum(c), 0));
  roots.forEach(sum);
  return roots;
}

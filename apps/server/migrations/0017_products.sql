-- Products (产品): a category tree, the catalogue, price books (经销价 / 零售价 …) with quantity tiers,
-- and the one line-item table that opportunities, quotes, contracts and orders share.
-- Money is numeric(14,2) (yuan with fen); quantities numeric(14,4); rates in percent numeric(7,4).
-- The application computes with integer fen (packages/shared/src/money.ts), never binary floats.

CREATE TABLE product_categories (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  parent_id uuid REFERENCES product_categories(id) ON DELETE RESTRICT,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  sort integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX product_categories_name ON product_categories (tenant_id, coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), name);
SELECT app_enable_tenant_rls('product_categories');

CREATE TABLE products (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  -- 产品编码: unique among live products (auto-numbered when left empty)
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 50),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  category_id uuid REFERENCES product_categories(id) ON DELETE SET NULL,
  unit text,
  specification text,
  list_price numeric(14,2) NOT NULL DEFAULT 0 CHECK (list_price >= 0),
  -- default VAT rate for new lines, percent (13, 9, 6, 3, 0 …)
  tax_rate numeric(7,4) NOT NULL DEFAULT 13 CHECK (tax_rate >= 0 AND tax_rate <= 100),
  listed boolean NOT NULL DEFAULT true,
  description text,
  -- file ids (platform files) of product images, first = cover
  image_ids uuid[] NOT NULL DEFAULT '{}',
  owner_id uuid REFERENCES users(id),
  tags text[] NOT NULL DEFAULT '{}',
  custom jsonb NOT NULL DEFAULT '{}',
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id)
);
CREATE UNIQUE INDEX products_code ON products (tenant_id, code) WHERE deleted_at IS NULL;
CREATE INDEX products_list ON products (tenant_id, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX products_category ON products (tenant_id, category_id) WHERE deleted_at IS NULL;
SELECT app_enable_tenant_rls('products');

CREATE TABLE price_books (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  description text,
  active boolean NOT NULL DEFAULT true,
  -- at most one default book; lines without a book use the product's list price
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);
CREATE UNIQUE INDEX price_books_default ON price_books (tenant_id) WHERE is_default;
SELECT app_enable_tenant_rls('price_books');

-- A product's price in a book, with optional quantity tiers (from min_quantity up, this unit price).
CREATE TABLE price_book_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  price_book_id uuid NOT NULL REFERENCES price_books(id) ON DELETE CASCADE,
  product_id uuid NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  price numeric(14,2) NOT NULL CHECK (price >= 0),
  -- [{minQuantity: "10", price: "90.00"}, …] ascending by minQuantity
  tiers jsonb NOT NULL DEFAULT '[]',
  UNIQUE (price_book_id, product_id)
);
SELECT app_enable_tenant_rls('price_book_entries');

-- Line items of an opportunity, quote, contract or order (明细). Amounts are stored as priced by
-- packages/shared/src/money.ts so documents re-open exactly as they were saved.
CREATE TABLE line_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  parent_type text NOT NULL CHECK (parent_type IN ('opportunity', 'quote', 'contract', 'order')),
  parent_id uuid NOT NULL,
  position integer NOT NULL,
  product_id uuid REFERENCES products(id) ON DELETE SET NULL,
  -- copied from the product when the line was written: a later product edit does not rewrite a signed quote
  product_code text,
  product_name text NOT NULL,
  unit text,
  specification text,
  list_price numeric(14,2) NOT NULL CHECK (list_price >= 0),
  sale_price numeric(14,2) NOT NULL CHECK (sale_price >= 0),
  quantity numeric(14,4) NOT NULL CHECK (quantity > 0),
  discount_kind text NOT NULL DEFAULT 'percent' CHECK (discount_kind IN ('percent', 'amount')),
  -- percent (0–100) or an amount off the line, in yuan
  discount_value numeric(14,4) NOT NULL DEFAULT 0 CHECK (discount_value >= 0),
  tax_rate numeric(7,4) NOT NULL DEFAULT 0 CHECK (tax_rate >= 0 AND tax_rate <= 100),
  -- sale price × quantity, the discount taken off, the document discount's share, tax-inclusive total, its tax
  gross_amount numeric(14,2) NOT NULL,
  discount_amount numeric(14,2) NOT NULL,
  allocated_discount numeric(14,2) NOT NULL DEFAULT 0,
  total_amount numeric(14,2) NOT NULL CHECK (total_amount >= 0),
  tax_amount numeric(14,2) NOT NULL,
  -- delivered so far (orders: sum of shipment lines)
  delivered_quantity numeric(14,4) NOT NULL DEFAULT 0 CHECK (delivered_quantity >= 0 AND delivered_quantity <= quantity),
  remark text,
  UNIQUE (parent_type, parent_id, position)
);
CREATE INDEX line_items_parent ON line_items (tenant_id, parent_type, parent_id);
CREATE INDEX line_items_product ON line_items (tenant_id, product_id);
SELECT app_enable_tenant_rls('line_items');

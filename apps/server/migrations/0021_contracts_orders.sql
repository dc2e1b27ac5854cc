-- Contracts (合同) and orders (订单) with shipments (发货, partial deliveries). A contract's received
-- and invoiced amounts are maintained from confirmed payment records and issued/approved invoices
-- (0022) in the same transaction as those change; the CHECKs are the database's second wall.

CREATE TABLE contracts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  number text,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  customer_id uuid NOT NULL REFERENCES customers(id),
  opportunity_id uuid REFERENCES opportunities(id),
  quote_id uuid REFERENCES quotes(id),
  contract_type text NOT NULL DEFAULT 'direct' CHECK (contract_type IN ('direct', 'agency', 'service', 'fmcg')),
  order_date date,
  start_date date,
  end_date date,
  amount numeric(14,2) NOT NULL CHECK (amount >= 0),
  discount_amount numeric(14,2) NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
  payment_terms text,
  -- 客户签约人 (a contact, or just a name) and 公司签约人 (a user)
  customer_signer_id uuid REFERENCES contacts(id),
  customer_signer_name text,
  company_signer_id uuid REFERENCES users(id),
  signed_date date,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'inReview', 'approved', 'rejected', 'withdrawn', 'void')),
  received_amount numeric(14,2) NOT NULL DEFAULT 0 CHECK (received_amount >= 0),
  invoiced_amount numeric(14,2) NOT NULL DEFAULT 0 CHECK (invoiced_amount >= 0),
  -- expiry reminder: how many days before end_date (the flow template reads it)
  remind_days_before integer CHECK (remind_days_before BETWEEN 0 AND 365),
  remark text,
  owner_id uuid REFERENCES users(id),
  tags text[] NOT NULL DEFAULT '{}',
  custom jsonb NOT NULL DEFAULT '{}',
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id),
  CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date),
  CHECK (received_amount <= amount),
  CHECK (invoiced_amount <= amount)
);
CREATE INDEX contracts_list ON contracts (tenant_id, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX contracts_customer ON contracts (tenant_id, customer_id) WHERE deleted_at IS NULL;
CREATE INDEX contracts_end ON contracts (tenant_id, end_date) WHERE deleted_at IS NULL AND status = 'approved';
SELECT app_enable_tenant_rls('contracts');

CREATE TABLE orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  number text,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  customer_id uuid NOT NULL REFERENCES customers(id),
  contract_id uuid REFERENCES contracts(id),
  quote_id uuid REFERENCES quotes(id),
  order_date date NOT NULL DEFAULT current_date,
  -- totals as priced by packages/shared/src/money.ts from the order's line items
  discount_kind text NOT NULL DEFAULT 'amount' CHECK (discount_kind IN ('percent', 'amount')),
  discount_value numeric(14,4) NOT NULL DEFAULT 0 CHECK (discount_value >= 0),
  gross_amount numeric(14,2) NOT NULL DEFAULT 0,
  discount_amount numeric(14,2) NOT NULL DEFAULT 0,
  tax_amount numeric(14,2) NOT NULL DEFAULT 0,
  total_amount numeric(14,2) NOT NULL DEFAULT 0 CHECK (total_amount >= 0),
  status text NOT NULL DEFAULT 'confirmed' CHECK (status IN ('draft', 'confirmed', 'completed', 'cancelled')),
  delivery_status text NOT NULL DEFAULT 'pending' CHECK (delivery_status IN ('pending', 'partial', 'delivered')),
  receiver_name text,
  receiver_phone text,
  shipping_address text,
  remark text,
  owner_id uuid REFERENCES users(id),
  tags text[] NOT NULL DEFAULT '{}',
  custom jsonb NOT NULL DEFAULT '{}',
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id)
);
CREATE INDEX orders_list ON orders (tenant_id, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX orders_contract ON orders (tenant_id, contract_id) WHERE deleted_at IS NULL;
CREATE INDEX orders_customer ON orders (tenant_id, customer_id) WHERE deleted_at IS NULL;
SELECT app_enable_tenant_rls('orders');

CREATE TABLE shipments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  number text NOT NULL,
  shipped_on date NOT NULL,
  carrier text,
  tracking_number text,
  remark text,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (order_id, number)
);
SELECT app_enable_tenant_rls('shipments');

CREATE TABLE shipment_lines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  shipment_id uuid NOT NULL REFERENCES shipments(id) ON DELETE CASCADE,
  line_item_id uuid NOT NULL REFERENCES line_items(id),
  quantity numeric(14,4) NOT NULL CHECK (quantity > 0),
  UNIQUE (shipment_id, line_item_id)
);
SELECT app_enable_tenant_rls('shipment_lines');

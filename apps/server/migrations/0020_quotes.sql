-- Quotes (报价): priced offers to a customer, usually from an opportunity; line items live in
-- line_items (parent_type 'quote'). A discount beyond the quoting user's role limit needs approval.

CREATE TABLE quotes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  number text,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  opportunity_id uuid REFERENCES opportunities(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  contact_id uuid REFERENCES contacts(id),
  price_book_id uuid REFERENCES price_books(id),
  quote_date date NOT NULL DEFAULT current_date,
  valid_until date,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'inApproval', 'sent', 'accepted', 'rejected', 'expired')),
  -- the discount approval: none needed / waiting / granted / refused
  approval_status text NOT NULL DEFAULT 'none' CHECK (approval_status IN ('none', 'pending', 'approved', 'rejected', 'withdrawn')),
  -- document-level discount (on top of the lines'), percent or amount
  discount_kind text NOT NULL DEFAULT 'amount' CHECK (discount_kind IN ('percent', 'amount')),
  discount_value numeric(14,4) NOT NULL DEFAULT 0 CHECK (discount_value >= 0),
  -- totals as priced by packages/shared/src/money.ts
  gross_amount numeric(14,2) NOT NULL DEFAULT 0,
  discount_amount numeric(14,2) NOT NULL DEFAULT 0,
  tax_amount numeric(14,2) NOT NULL DEFAULT 0,
  total_amount numeric(14,2) NOT NULL DEFAULT 0 CHECK (total_amount >= 0),
  -- the largest effective discount off list price, percent: what discount limits compare with
  max_discount_pct numeric(7,4) NOT NULL DEFAULT 0,
  terms text,
  remark text,
  sent_at timestamptz,
  accepted_at timestamptz,
  -- why the customer declined (POST /quotes/:id/reject)
  rejected_at timestamptz,
  rejected_reason text,
  contract_id uuid,
  owner_id uuid REFERENCES users(id),
  tags text[] NOT NULL DEFAULT '{}',
  custom jsonb NOT NULL DEFAULT '{}',
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id),
  CHECK (valid_until IS NULL OR valid_until >= quote_date)
);
CREATE INDEX quotes_list ON quotes (tenant_id, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX quotes_opportunity ON quotes (tenant_id, opportunity_id) WHERE deleted_at IS NULL;
CREATE INDEX quotes_customer ON quotes (tenant_id, customer_id) WHERE deleted_at IS NULL;
-- the expiry job: sent quotes past their validity
CREATE INDEX quotes_expiring ON quotes (valid_until) WHERE deleted_at IS NULL AND status = 'sent';
SELECT app_enable_tenant_rls('quotes');

-- The largest discount (percent off list price) a role may give without approval; roles without a
-- row have no limit. A user with several roles gets the most generous.
CREATE TABLE discount_limits (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  role_id uuid NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
  max_discount_pct numeric(7,4) NOT NULL CHECK (max_discount_pct >= 0 AND max_discount_pct <= 100),
  PRIMARY KEY (tenant_id, role_id)
);
SELECT app_enable_tenant_rls('discount_limits');

-- Payment plans (回款计划), payment records (回款) and invoices (发票), plus the billing details
-- (开票信息) customers keep. A payment record counts toward its contract's received amount once it is
-- confirmed (approved); an invoice toward invoiced_amount once approved.

CREATE TABLE payment_plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  number text,
  contract_id uuid NOT NULL REFERENCES contracts(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  -- 期数: 1, 2, 3 …
  instalment integer NOT NULL CHECK (instalment >= 1),
  amount numeric(14,2) NOT NULL CHECK (amount > 0),
  due_date date NOT NULL,
  remind_days_before integer NOT NULL DEFAULT 3 CHECK (remind_days_before BETWEEN 0 AND 365),
  -- kept by the payments module: pending / partly received / received / overdue / void
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'partial', 'received', 'overdue', 'void')),
  received_amount numeric(14,2) NOT NULL DEFAULT 0 CHECK (received_amount >= 0),
  -- the overdue job notifies once per plan
  overdue_notified_at timestamptz,
  -- the "due in N days" reminder goes out once per plan (cleared when the due date changes)
  reminded_at timestamptz,
  remark text,
  owner_id uuid REFERENCES users(id),
  custom jsonb NOT NULL DEFAULT '{}',
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id),
  CHECK (received_amount <= amount)
);
CREATE UNIQUE INDEX payment_plans_instalment ON payment_plans (contract_id, instalment) WHERE deleted_at IS NULL;
CREATE INDEX payment_plans_due ON payment_plans (tenant_id, due_date) WHERE deleted_at IS NULL AND status IN ('pending', 'partial', 'overdue');
CREATE INDEX payment_plans_list ON payment_plans (tenant_id, created_at DESC) WHERE deleted_at IS NULL;
SELECT app_enable_tenant_rls('payment_plans');

CREATE TABLE payment_records (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  number text,
  contract_id uuid NOT NULL REFERENCES contracts(id),
  plan_id uuid REFERENCES payment_plans(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  paid_on date NOT NULL,
  amount numeric(14,2) NOT NULL CHECK (amount > 0),
  method text NOT NULL CHECK (method IN ('bankTransfer', 'cash', 'cheque', 'online', 'alipay', 'wechatPay')),
  -- draft → inReview (finance confirms) → confirmed; only confirmed records count as received
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'inReview', 'confirmed', 'rejected', 'withdrawn', 'void')),
  payer_name text,
  payer_account text,
  remark text,
  confirmed_at timestamptz,
  owner_id uuid REFERENCES users(id),
  tags text[] NOT NULL DEFAULT '{}',
  custom jsonb NOT NULL DEFAULT '{}',
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id)
);
CREATE INDEX payment_records_list ON payment_records (tenant_id, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX payment_records_contract ON payment_records (tenant_id, contract_id) WHERE deleted_at IS NULL;
CREATE INDEX payment_records_plan ON payment_records (plan_id) WHERE deleted_at IS NULL;
SELECT app_enable_tenant_rls('payment_records');

CREATE TABLE customer_billing_profiles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  customer_id uuid NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  title_type text NOT NULL CHECK (title_type IN ('company', 'individual')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  tax_number text,
  bank_name text,
  bank_account text,
  address text,
  phone text,
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX customer_billing_profiles_default ON customer_billing_profiles (customer_id) WHERE is_default;
SELECT app_enable_tenant_rls('customer_billing_profiles');

CREATE TABLE invoices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  number text,
  contract_id uuid NOT NULL REFERENCES contracts(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  amount numeric(14,2) NOT NULL CHECK (amount > 0),
  invoice_type text NOT NULL CHECK (invoice_type IN ('specialVat', 'ordinaryVat', 'receipt')),
  title_type text NOT NULL CHECK (title_type IN ('company', 'individual')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  tax_number text,
  bank_name text,
  bank_account text,
  address text,
  phone text,
  -- mailing details (邮寄信息)
  mail_recipient text,
  mail_phone text,
  mail_address text,
  email text,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'inReview', 'approved', 'rejected', 'withdrawn', 'issued', 'void')),
  -- recorded when finance issues it
  invoice_no text,
  invoiced_on date,
  remark text,
  owner_id uuid REFERENCES users(id),
  tags text[] NOT NULL DEFAULT '{}',
  custom jsonb NOT NULL DEFAULT '{}',
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id),
  CHECK (status <> 'issued' OR (invoice_no IS NOT NULL AND invoiced_on IS NOT NULL))
);
CREATE INDEX invoices_list ON invoices (tenant_id, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX invoices_contract ON invoices (tenant_id, contract_id) WHERE deleted_at IS NULL;
SELECT app_enable_tenant_rls('invoices');

-- Sales reps of organizations created before this migration: they submit their own payment records
-- and invoice requests for approval, which takes 'edit' (scoped to their own records by the role).
SELECT set_config('app.system', 'on', true);
UPDATE roles SET permissions = jsonb_set(jsonb_set(jsonb_set(permissions,
    '{objects,paymentPlan}', '["view","create","edit"]'), '{objects,payment}', '["view","create","edit"]'), '{objects,invoice}', '["view","create","edit"]')
 WHERE key = 'salesRep' AND permissions -> 'objects' -> 'payment' = '["view","create"]'::jsonb;

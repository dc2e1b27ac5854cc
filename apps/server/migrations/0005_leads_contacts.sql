-- Leads and contacts, and the customer columns the pool, dedupe and ownership rules read.
-- Dedupe keys (*_norm) are written by the app with the same normalisers the 查重 lookup uses
-- (modules/dedupe), so an index lookup finds "+86 138-0013-8000" when 13800138000 is stored.

ALTER TABLE customers
  ADD COLUMN previous_owner_id uuid REFERENCES users(id),
  ADD COLUMN owner_since timestamptz,
  ADD COLUMN pool_id uuid,
  ADD COLUMN pool_entered_at timestamptz,
  ADD COLUMN last_opportunity_at timestamptz,
  ADD COLUMN latitude numeric(9, 6),
  ADD COLUMN longitude numeric(9, 6),
  ADD COLUMN name_norm text,
  ADD COLUMN phone_norm text,
  ADD COLUMN email_norm text,
  ADD COLUMN deleted_by uuid REFERENCES users(id);
UPDATE customers SET owner_since = created_at WHERE owner_id IS NOT NULL;
CREATE INDEX customers_tenant_pool ON customers (tenant_id, pool_id, pool_entered_at DESC, id DESC) WHERE deleted_at IS NULL AND pool_id IS NOT NULL;
CREATE INDEX customers_tenant_phone_norm ON customers (tenant_id, phone_norm) WHERE deleted_at IS NULL AND phone_norm IS NOT NULL;
CREATE INDEX customers_tenant_email_norm ON customers (tenant_id, email_norm) WHERE deleted_at IS NULL AND email_norm IS NOT NULL;
CREATE INDEX customers_name_norm_trgm ON customers USING gin (name_norm gin_trgm_ops) WHERE deleted_at IS NULL;
CREATE INDEX customers_tenant_name_norm ON customers (tenant_id, name_norm) WHERE deleted_at IS NULL;
CREATE INDEX customers_tenant_deleted ON customers (tenant_id, deleted_at DESC) WHERE deleted_at IS NOT NULL;

CREATE TABLE leads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  number text,
  name text NOT NULL,
  company text,
  title text,
  mobile text,
  phone text,
  email text,
  wechat text,
  province text,
  city text,
  district text,
  address text,
  source text,
  -- channel details: utm_*, referrer, form id, api key id, import id
  source_detail jsonb NOT NULL DEFAULT '{}',
  industry text,
  product_interest text,
  budget numeric(14, 2),
  grade text CHECK (grade IN ('A', 'B', 'C')),
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'contacting', 'qualified', 'converted', 'invalid')),
  invalid_reason text,
  owner_id uuid REFERENCES users(id),
  previous_owner_id uuid REFERENCES users(id),
  owner_since timestamptz,
  assigned_at timestamptz,
  -- which assignment rule placed it (null: manual, default owner or pool)
  assignment_rule_id uuid,
  pool_id uuid,
  pool_entered_at timestamptz,
  first_contacted_at timestamptz,
  tags text[] NOT NULL DEFAULT '{}',
  last_followup_at timestamptz,
  last_followup_content text,
  next_followup_at timestamptz,
  converted_at timestamptz,
  converted_customer_id uuid REFERENCES customers(id),
  converted_contact_id uuid,
  remark text,
  custom jsonb NOT NULL DEFAULT '{}',
  mobile_norm text,
  email_norm text,
  company_norm text,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id)
);
CREATE UNIQUE INDEX leads_tenant_number ON leads (tenant_id, number) WHERE number IS NOT NULL;
CREATE INDEX leads_tenant_created ON leads (tenant_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX leads_tenant_owner ON leads (tenant_id, owner_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX leads_tenant_status ON leads (tenant_id, status, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX leads_tenant_pool ON leads (tenant_id, pool_id, pool_entered_at DESC, id DESC) WHERE deleted_at IS NULL AND pool_id IS NOT NULL;
CREATE INDEX leads_tenant_mobile_norm ON leads (tenant_id, mobile_norm) WHERE deleted_at IS NULL AND mobile_norm IS NOT NULL;
CREATE INDEX leads_tenant_email_norm ON leads (tenant_id, email_norm) WHERE deleted_at IS NULL AND email_norm IS NOT NULL;
CREATE INDEX leads_tenant_company_norm ON leads (tenant_id, company_norm) WHERE deleted_at IS NULL;
CREATE INDEX leads_company_norm_trgm ON leads USING gin (company_norm gin_trgm_ops) WHERE deleted_at IS NULL;
CREATE INDEX leads_name_trgm ON leads USING gin (name gin_trgm_ops);
CREATE INDEX leads_tenant_deleted ON leads (tenant_id, deleted_at DESC) WHERE deleted_at IS NOT NULL;
-- open leads per owner, for load-balanced assignment
CREATE INDEX leads_tenant_owner_open ON leads (tenant_id, owner_id) WHERE deleted_at IS NULL AND status IN ('new', 'contacting', 'qualified');

CREATE TABLE contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  number text,
  customer_id uuid REFERENCES customers(id),
  name text NOT NULL,
  title text,
  department text,
  mobile text,
  phone text,
  email text,
  wechat text,
  gender text CHECK (gender IN ('male', 'female')),
  birthday date,
  is_key_decision_maker boolean NOT NULL DEFAULT false,
  decision_role text CHECK (decision_role IN ('decisionMaker', 'influencer', 'user', 'purchaser', 'finance')),
  is_primary boolean NOT NULL DEFAULT false,
  address text,
  owner_id uuid REFERENCES users(id),
  tags text[] NOT NULL DEFAULT '{}',
  last_followup_at timestamptz,
  next_followup_at timestamptz,
  remark text,
  custom jsonb NOT NULL DEFAULT '{}',
  mobile_norm text,
  email_norm text,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id)
);
ALTER TABLE leads ADD CONSTRAINT leads_converted_contact_fk FOREIGN KEY (converted_contact_id) REFERENCES contacts(id);
CREATE UNIQUE INDEX contacts_tenant_number ON contacts (tenant_id, number) WHERE number IS NOT NULL;
CREATE INDEX contacts_tenant_created ON contacts (tenant_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX contacts_tenant_owner ON contacts (tenant_id, owner_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX contacts_tenant_customer ON contacts (tenant_id, customer_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX contacts_tenant_mobile_norm ON contacts (tenant_id, mobile_norm) WHERE deleted_at IS NULL AND mobile_norm IS NOT NULL;
CREATE INDEX contacts_tenant_email_norm ON contacts (tenant_id, email_norm) WHERE deleted_at IS NULL AND email_norm IS NOT NULL;
CREATE INDEX contacts_name_trgm ON contacts USING gin (name gin_trgm_ops);
CREATE INDEX contacts_tenant_deleted ON contacts (tenant_id, deleted_at DESC) WHERE deleted_at IS NOT NULL;

SELECT app_enable_tenant_rls(t) FROM unnest(ARRAY['leads', 'contacts']::regclass[]) AS t;

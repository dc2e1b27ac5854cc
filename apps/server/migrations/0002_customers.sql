-- Customers: the first business record type, used by the records toolkit (lists, custom fields,
-- permissions, export). The leads/customers issue extends it with pools, dedupe and the rest.
CREATE TABLE customers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  number text,
  name text NOT NULL,
  kind text NOT NULL DEFAULT 'company' CHECK (kind IN ('company', 'individual')),
  industry text,
  scale text,
  grade text CHECK (grade IN ('A', 'B', 'C')),
  lifecycle_stage text,
  deal_status text NOT NULL DEFAULT 'none',
  source text,
  province text,
  city text,
  district text,
  address text,
  phone text,
  email text,
  website text,
  owner_id uuid REFERENCES users(id),
  tags text[] NOT NULL DEFAULT '{}',
  locked boolean NOT NULL DEFAULT false,
  health_score int,
  last_followup_at timestamptz,
  next_followup_at timestamptz,
  remark text,
  custom jsonb NOT NULL DEFAULT '{}',
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE UNIQUE INDEX customers_tenant_name ON customers (tenant_id, name) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX customers_tenant_number ON customers (tenant_id, number) WHERE number IS NOT NULL;
-- Lists show live rows newest first; partial indexes that end in id let a page stop after 50 index entries
-- and let counts read the index alone.
CREATE INDEX customers_tenant_owner ON customers (tenant_id, owner_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX customers_tenant_created ON customers (tenant_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX customers_tenant_grade_created ON customers (tenant_id, grade, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX customers_name_trgm ON customers USING gin (name gin_trgm_ops);

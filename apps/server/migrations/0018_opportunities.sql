-- Opportunities (商机): pipelines (stage groups) the admin defines, opportunities moving through
-- their stages, and the log of every stage or status change (time in stage, conversion).

CREATE TABLE pipelines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  description text,
  -- empty = every department may use it; otherwise these departments (and their sub-departments)
  department_ids uuid[] NOT NULL DEFAULT '{}',
  is_default boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  sort integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);
CREATE UNIQUE INDEX pipelines_default ON pipelines (tenant_id) WHERE is_default;
SELECT app_enable_tenant_rls('pipelines');

-- Open stages in order; won / lost / invalid are the opportunity's status, not stages.
CREATE TABLE pipeline_stages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  pipeline_id uuid NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  sort integer NOT NULL,
  -- default win probability, percent
  probability integer NOT NULL CHECK (probability BETWEEN 0 AND 100),
  -- entry requirements: these opportunity fields must be filled before the stage can be entered …
  required_fields text[] NOT NULL DEFAULT '{}',
  -- … and/or entering it needs an approval (an approval flow for record type opportunity)
  requires_approval boolean NOT NULL DEFAULT false,
  -- a removed stage keeps its history; opportunities cannot be moved into it
  archived boolean NOT NULL DEFAULT false,
  UNIQUE (pipeline_id, name)
);
CREATE INDEX pipeline_stages_order ON pipeline_stages (pipeline_id, sort);
SELECT app_enable_tenant_rls('pipeline_stages');

CREATE TABLE opportunities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  number text,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  customer_id uuid NOT NULL REFERENCES customers(id),
  pipeline_id uuid NOT NULL REFERENCES pipelines(id),
  stage_id uuid NOT NULL REFERENCES pipeline_stages(id),
  -- win probability, percent: the stage's default unless overridden; 100 won, 0 lost/invalid
  probability integer NOT NULL CHECK (probability BETWEEN 0 AND 100),
  amount numeric(14,2) NOT NULL DEFAULT 0 CHECK (amount >= 0),
  -- true: amount = sum of the line items; false: entered by hand
  amount_from_lines boolean NOT NULL DEFAULT false,
  expected_close_date date,
  competitor text,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost', 'invalid')),
  loss_reason text,
  -- forecast category the owner commits to (pipeline / best case / commit / omitted)
  forecast_category text NOT NULL DEFAULT 'pipeline' CHECK (forecast_category IN ('pipeline', 'bestCase', 'commit', 'omitted')),
  source text,
  lead_id uuid,
  -- a stage change waiting for its approval (stages with requires_approval)
  pending_stage_id uuid REFERENCES pipeline_stages(id),
  stage_entered_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  owner_id uuid REFERENCES users(id),
  tags text[] NOT NULL DEFAULT '{}',
  last_followup_at timestamptz,
  next_followup_at timestamptz,
  remark text,
  custom jsonb NOT NULL DEFAULT '{}',
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id),
  CHECK (status <> 'lost' OR loss_reason IS NOT NULL)
);
CREATE INDEX opportunities_list ON opportunities (tenant_id, created_at DESC) WHERE deleted_at IS NULL;
-- kanban: open opportunities of a pipeline by stage
CREATE INDEX opportunities_board ON opportunities (tenant_id, pipeline_id, stage_id, updated_at DESC) WHERE deleted_at IS NULL AND status = 'open';
-- forecast: by expected close month and owner
CREATE INDEX opportunities_forecast ON opportunities (tenant_id, expected_close_date, owner_id) INCLUDE (amount, probability, forecast_category, status) WHERE deleted_at IS NULL;
CREATE INDEX opportunities_customer ON opportunities (tenant_id, customer_id) WHERE deleted_at IS NULL;
CREATE INDEX opportunities_owner ON opportunities (tenant_id, owner_id) WHERE deleted_at IS NULL;
SELECT app_enable_tenant_rls('opportunities');

CREATE TABLE opportunity_contacts (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  opportunity_id uuid NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
  contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  PRIMARY KEY (opportunity_id, contact_id)
);
SELECT app_enable_tenant_rls('opportunity_contacts');

-- Every stage or status change, with how long the opportunity spent where it left.
CREATE TABLE opportunity_stage_history (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  opportunity_id uuid NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
  pipeline_id uuid NOT NULL,
  from_stage_id uuid,
  to_stage_id uuid,
  from_status text,
  to_status text NOT NULL,
  changed_by uuid REFERENCES users(id),
  changed_at timestamptz NOT NULL DEFAULT now(),
  -- seconds spent in the stage being left (null for the first entry)
  seconds_in_stage bigint
);
CREATE INDEX opportunity_stage_history_opp ON opportunity_stage_history (tenant_id, opportunity_id, changed_at);
CREATE INDEX opportunity_stage_history_pipeline ON opportunity_stage_history (tenant_id, pipeline_id, changed_at);
SELECT app_enable_tenant_rls('opportunity_stage_history');

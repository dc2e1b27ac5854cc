-- 公海 public pools: pools with members and admins, recycle rules per grade, claim/return log,
-- warnings before a record goes back, and ownership caps (max owned / max locked customers).
-- A record in a pool has owner_id NULL and pool_id set; a claimed record keeps pool_id as its home
-- pool (where it returns to), so pool lists read "pool_id = :pool AND owner_id IS NULL".

CREATE TABLE pools (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name text NOT NULL,
  -- one pool may hold leads, customers or both
  record_types text[] NOT NULL CHECK (cardinality(record_types) > 0 AND record_types <@ ARRAY['lead', 'customer']),
  -- a user in several pools of a type: their records belong to the first by position
  position int NOT NULL DEFAULT 0,
  hide_contacts boolean NOT NULL DEFAULT false,
  -- null: no limit
  daily_claim_limit int CHECK (daily_claim_limit >= 0),
  reclaim_cooldown_days int CHECK (reclaim_cooldown_days >= 0),
  recycle_enabled boolean NOT NULL DEFAULT true,
  warn_days_before int NOT NULL DEFAULT 0 CHECK (warn_days_before BETWEEN 0 AND 365),
  exempt_closed_deals boolean NOT NULL DEFAULT true,
  -- kept for the opportunities module: no open opportunities exist yet, so nothing is exempted by it today
  exempt_open_opportunities boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX pools_tenant_name ON pools (tenant_id, name);

-- Members are users or departments (a department includes its sub-departments).
CREATE TABLE pool_members (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  pool_id uuid NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
  user_id uuid REFERENCES users(id) ON DELETE CASCADE,
  department_id uuid REFERENCES departments(id) ON DELETE CASCADE,
  CHECK ((user_id IS NULL) <> (department_id IS NULL))
);
CREATE UNIQUE INDEX pool_members_user ON pool_members (pool_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX pool_members_department ON pool_members (pool_id, department_id) WHERE department_id IS NOT NULL;
CREATE INDEX pool_members_tenant ON pool_members (tenant_id, pool_id);

CREATE TABLE pool_admins (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  pool_id uuid NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (pool_id, user_id)
);
CREATE INDEX pool_admins_tenant ON pool_admins (tenant_id, user_id);

-- grade '*' is the rule for every grade without its own row (and for records without a grade).
CREATE TABLE pool_recycle_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  pool_id uuid NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
  record_type text NOT NULL CHECK (record_type IN ('lead', 'customer')),
  grade text NOT NULL CHECK (grade IN ('*', 'A', 'B', 'C')),
  no_followup_days int CHECK (no_followup_days BETWEEN 1 AND 3650),
  no_opportunity_days int CHECK (no_opportunity_days BETWEEN 1 AND 3650),
  not_closed_days int CHECK (not_closed_days BETWEEN 1 AND 3650),
  UNIQUE (pool_id, record_type, grade)
);
CREATE INDEX pool_recycle_rules_tenant ON pool_recycle_rules (tenant_id, pool_id);

-- One row per recycle run (scheduled or "run now"): what the clock said and what happened.
CREATE TABLE pool_recycle_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  trigger text NOT NULL CHECK (trigger IN ('schedule', 'manual')),
  actor_id uuid REFERENCES users(id),
  clock timestamptz NOT NULL,
  -- the tenant's local date of the run: the schedule runs once per local day
  local_date date NOT NULL,
  returned int NOT NULL DEFAULT 0,
  warned int NOT NULL DEFAULT 0,
  summary jsonb NOT NULL DEFAULT '{}',
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX pool_recycle_runs_tenant ON pool_recycle_runs (tenant_id, started_at DESC);

-- The owner was told the record returns on return_at (once per record per cycle: a warning counts
-- while it is for the same reason and owner and no newer activity reset that reason's clock).
CREATE TABLE pool_recycle_warnings (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  record_type text NOT NULL CHECK (record_type IN ('lead', 'customer')),
  record_id uuid NOT NULL,
  pool_id uuid REFERENCES pools(id) ON DELETE CASCADE,
  owner_id uuid NOT NULL REFERENCES users(id),
  reason text NOT NULL,
  due_at timestamptz NOT NULL,
  return_at timestamptz NOT NULL,
  warned_at timestamptz NOT NULL,
  run_id uuid REFERENCES pool_recycle_runs(id) ON DELETE SET NULL,
  PRIMARY KEY (tenant_id, record_type, record_id)
);
CREATE INDEX pool_recycle_warnings_owner ON pool_recycle_warnings (tenant_id, owner_id, return_at);
CREATE INDEX pool_recycle_warnings_run ON pool_recycle_warnings (run_id);

-- Every move in or out of a pool, with its reason: claim, assign, return (manual or by the rules).
CREATE TABLE pool_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  pool_id uuid REFERENCES pools(id) ON DELETE SET NULL,
  record_type text NOT NULL CHECK (record_type IN ('lead', 'customer')),
  record_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('claim', 'assign', 'return')),
  from_owner_id uuid REFERENCES users(id),
  to_owner_id uuid REFERENCES users(id),
  -- null for the recycle job
  actor_id uuid REFERENCES users(id),
  -- noFollowup / noOpportunity / notClosed (the rules) or manual
  reason_code text,
  reason text,
  run_id uuid REFERENCES pool_recycle_runs(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pool_events_pool ON pool_events (tenant_id, pool_id, id DESC);
CREATE INDEX pool_events_record ON pool_events (tenant_id, record_type, record_id, created_at DESC);
CREATE INDEX pool_events_claims ON pool_events (tenant_id, pool_id, actor_id, created_at) WHERE kind = 'claim';
CREATE INDEX pool_events_run ON pool_events (run_id) WHERE run_id IS NOT NULL;

-- Ownership caps: for everyone (each user), one user (overrides everyone), or a department's
-- members together (sub-departments included). Null = no cap of that kind.
CREATE TABLE ownership_caps (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  subject_type text NOT NULL CHECK (subject_type IN ('everyone', 'user', 'department')),
  user_id uuid REFERENCES users(id) ON DELETE CASCADE,
  department_id uuid REFERENCES departments(id) ON DELETE CASCADE,
  max_owned int CHECK (max_owned >= 0),
  max_locked int CHECK (max_locked >= 0),
  -- whether customers with a closed deal (won / repeat) count toward max_owned
  count_closed boolean NOT NULL DEFAULT true,
  CHECK ((subject_type = 'everyone' AND user_id IS NULL AND department_id IS NULL)
      OR (subject_type = 'user' AND user_id IS NOT NULL AND department_id IS NULL)
      OR (subject_type = 'department' AND department_id IS NOT NULL AND user_id IS NULL))
);
CREATE UNIQUE INDEX ownership_caps_everyone ON ownership_caps (tenant_id) WHERE subject_type = 'everyone';
CREATE UNIQUE INDEX ownership_caps_user ON ownership_caps (tenant_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX ownership_caps_department ON ownership_caps (tenant_id, department_id) WHERE department_id IS NOT NULL;

ALTER TABLE customers ADD CONSTRAINT customers_pool_fk FOREIGN KEY (pool_id) REFERENCES pools(id) ON DELETE SET NULL;
ALTER TABLE leads ADD CONSTRAINT leads_pool_fk FOREIGN KEY (pool_id) REFERENCES pools(id) ON DELETE SET NULL;
-- What a pool holds right now, newest arrivals first: pool lists and their counts.
CREATE INDEX customers_pool_open ON customers (tenant_id, pool_id, pool_entered_at DESC, id DESC) WHERE owner_id IS NULL AND deleted_at IS NULL AND pool_id IS NOT NULL;
CREATE INDEX leads_pool_open ON leads (tenant_id, pool_id, pool_entered_at DESC, id DESC) WHERE owner_id IS NULL AND deleted_at IS NULL AND pool_id IS NOT NULL;

SELECT app_enable_tenant_rls(t) FROM unnest(ARRAY[
  'pools', 'pool_members', 'pool_admins', 'pool_recycle_rules', 'pool_recycle_runs', 'pool_recycle_warnings', 'pool_events', 'ownership_caps'
]::regclass[]) AS t;

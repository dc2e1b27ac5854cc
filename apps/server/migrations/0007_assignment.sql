-- Lead assignment rules (分配规则): ordered rules with a condition in the platform filter language and
-- a target (one user, a round-robin team, or load-balanced members), the tenant's fallback when no rule
-- matches, a round-robin cursor per rule (row-locked so concurrent creates keep the order) and who is
-- on leave.

CREATE TABLE assignment_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  position integer NOT NULL,
  -- FilterNode over lead fields (custom fields as custom.<key>); null = every lead
  condition jsonb,
  target_kind text NOT NULL CHECK (target_kind IN ('user', 'roundRobin', 'loadBalanced')),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assignment_rules_tenant_position ON assignment_rules (tenant_id, position, id);
SELECT app_enable_tenant_rls('assignment_rules');

-- The target's people in order (one row for a 'user' target); weight and cap matter for load-balanced.
CREATE TABLE assignment_rule_members (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  rule_id uuid NOT NULL REFERENCES assignment_rules(id) ON DELETE CASCADE,
  position integer NOT NULL,
  user_id uuid NOT NULL REFERENCES users(id),
  weight integer NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 100),
  -- most open leads this member may hold; null = no cap
  cap integer CHECK (cap >= 0),
  PRIMARY KEY (rule_id, user_id)
);
CREATE INDEX assignment_rule_members_tenant_user ON assignment_rule_members (tenant_id, user_id);
SELECT app_enable_tenant_rls('assignment_rule_members');

-- One row per rule; assignment locks the rows it needs FOR UPDATE in rule-id order.
CREATE TABLE assignment_cursors (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  rule_id uuid PRIMARY KEY REFERENCES assignment_rules(id) ON DELETE CASCADE,
  next_index integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
SELECT app_enable_tenant_rls('assignment_cursors');

CREATE TABLE assignment_settings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  -- when no rule assigns: a default owner, a public pool, or leave the lead unassigned
  fallback text NOT NULL DEFAULT 'none' CHECK (fallback IN ('owner', 'pool', 'none')),
  default_owner_id uuid REFERENCES users(id),
  -- public pool (table from the pool module; no FK so this migration does not depend on it)
  pool_id uuid,
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (fallback <> 'owner' OR default_owner_id IS NOT NULL),
  CHECK (fallback <> 'pool' OR pool_id IS NOT NULL)
);
SELECT app_enable_tenant_rls('assignment_settings');

-- Members on leave get no new leads; with an end date they are back automatically the day after.
CREATE TABLE assignment_availability (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  on_leave boolean NOT NULL DEFAULT false,
  -- last day of leave (tenant time zone), inclusive; null = until switched off
  until date,
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id)
);
SELECT app_enable_tenant_rls('assignment_availability');

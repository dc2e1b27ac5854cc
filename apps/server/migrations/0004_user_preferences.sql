-- Per-user UI preferences (list columns, page size, …): small JSON documents keyed by name.
-- Tenant-scoped like every table, so row-level security applies; the app role's grants come from
-- the default privileges set in 0003.
CREATE TABLE user_preferences (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  key text NOT NULL,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id, key)
);
SELECT app_enable_tenant_rls('user_preferences');

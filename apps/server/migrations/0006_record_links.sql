-- When a lead is converted, or two records are merged, the surviving record keeps the other's
-- history: its timeline reads the audit entries of every record linked to it (transitively).
CREATE TABLE record_links (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  record_type text NOT NULL,
  record_id uuid NOT NULL,
  linked_type text NOT NULL,
  linked_id uuid NOT NULL,
  reason text NOT NULL CHECK (reason IN ('converted', 'merged')),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, record_type, record_id, linked_type, linked_id)
);
SELECT app_enable_tenant_rls('record_links');

-- Leads: the lead→customer/contact field mapping used by conversion, and idempotency keys that
-- make a retried API call (POST /leads, POST /leads/batch) answer with the first call's result.

CREATE TABLE lead_conversion_mappings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  -- { leadField: customerField }, custom fields as "custom.<key>"
  customer jsonb NOT NULL,
  -- { leadField: contactField }
  contact jsonb NOT NULL,
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The key row is inserted before the work, in the same transaction: a concurrent retry with the
-- same key waits on the unique index until the first commits, then reads its stored response.
CREATE TABLE idempotency_keys (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  -- endpoint and caller the key belongs to, e.g. 'POST /leads/batch key:<api key id>'
  scope text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  status_code integer,
  response jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, scope, key)
);
CREATE INDEX idempotency_keys_tenant_created ON idempotency_keys (tenant_id, created_at);

-- To-do centre: new leads given to me that nobody has contacted yet, newest first.
CREATE INDEX leads_tenant_owner_uncontacted ON leads (tenant_id, owner_id, owner_since DESC)
  WHERE deleted_at IS NULL AND status = 'new' AND first_contacted_at IS NULL;
-- A customer's "converted from" leads.
CREATE INDEX leads_tenant_converted_customer ON leads (tenant_id, converted_customer_id)
  WHERE converted_customer_id IS NOT NULL;

SELECT app_enable_tenant_rls(t) FROM unnest(ARRAY['lead_conversion_mappings', 'idempotency_keys']::regclass[]) AS t;

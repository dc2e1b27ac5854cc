-- Follow-up records (跟进记录, record type 'activity'): what a rep did with a lead, customer or
-- contact, what came of it and when to follow up next. Saving one also moves the record's
-- last_followup_at / next_followup_at (the pool rules and the to-do centre read those columns).

CREATE TABLE followups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  -- the record followed up (opportunities join in the next issue)
  record_type text NOT NULL CHECK (record_type IN ('lead', 'customer', 'contact', 'opportunity')),
  record_id uuid NOT NULL,
  -- the customer's 360 timeline: the record itself when a customer, a contact's customer, else null
  customer_id uuid REFERENCES customers(id),
  type text NOT NULL CHECK (type IN ('call', 'email', 'sms', 'visit', 'meeting', 'wechat', 'checkIn')),
  content text NOT NULL,
  outcome text CHECK (outcome IN ('highIntent', 'nurture', 'noIntent', 'noAnswer', 'other')),
  next_step text,
  next_followup_at timestamptz,
  -- people of the customer who took part
  contact_ids uuid[] NOT NULL DEFAULT '{}',
  -- attachments (files rows attached to the same record)
  file_ids uuid[] NOT NULL DEFAULT '{}',
  -- visit check-in: {lat, lng, accuracy, address, at}; null when not checked in
  location jsonb,
  -- who followed up (the author); edits and deletes are theirs or an administrator's
  owner_id uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
-- a record's follow-ups, newest first (the Follow-ups tab)
CREATE INDEX followups_tenant_record ON followups (tenant_id, record_type, record_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
-- a customer's follow-ups including its contacts' (customer 360)
CREATE INDEX followups_tenant_customer ON followups (tenant_id, customer_id, created_at DESC, id DESC) WHERE deleted_at IS NULL AND customer_id IS NOT NULL;
-- "my follow-ups"
CREATE INDEX followups_tenant_owner ON followups (tenant_id, owner_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
-- everyone's, newest first (managers)
CREATE INDEX followups_tenant_created ON followups (tenant_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;

-- "今日跟进": records I own due for a follow-up today or earlier
CREATE INDEX leads_tenant_owner_next_followup ON leads (tenant_id, owner_id, next_followup_at) WHERE deleted_at IS NULL AND next_followup_at IS NOT NULL;
CREATE INDEX customers_tenant_owner_next_followup ON customers (tenant_id, owner_id, next_followup_at) WHERE deleted_at IS NULL AND next_followup_at IS NOT NULL;
CREATE INDEX contacts_tenant_owner_next_followup ON contacts (tenant_id, owner_id, next_followup_at) WHERE deleted_at IS NULL AND next_followup_at IS NOT NULL;

SELECT app_enable_tenant_rls('followups');

-- Public web forms (网页表单): an admin publishes a form at /f/<public_key>; each submission
-- becomes a lead. The public key is random and globally unique, so a visitor's request finds its
-- form (and tenant) without knowing either; the slug is only a readable name inside the tenant.
CREATE TABLE web_forms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  public_key text NOT NULL,
  -- signs the fill-time token rendered into the page (per form: nothing to configure, rotates with the form)
  token_secret text NOT NULL,
  name text NOT NULL,
  slug text NOT NULL,
  language text NOT NULL DEFAULT 'zh-CN' CHECK (language IN ('zh-CN', 'en')),
  title text NOT NULL,
  description text,
  -- [{key, label, required, help}] in display order; key is a lead field or custom.<key>
  fields jsonb NOT NULL DEFAULT '[]',
  submit_label text,
  after_submit text NOT NULL DEFAULT 'message' CHECK (after_submit IN ('message', 'redirect')),
  thank_you_message text,
  redirect_url text,
  enabled boolean NOT NULL DEFAULT false,
  lead_source text NOT NULL DEFAULT 'webForm',
  lead_tags text[] NOT NULL DEFAULT '{}',
  -- 'create': always create (查重 shows the twins); 'skip': drop a submission matching an existing record
  duplicate_policy text NOT NULL DEFAULT 'create' CHECK (duplicate_policy IN ('create', 'skip')),
  submission_count integer NOT NULL DEFAULT 0,
  last_submission_at timestamptz,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX web_forms_public_key ON web_forms (public_key);
CREATE UNIQUE INDEX web_forms_tenant_slug ON web_forms (tenant_id, slug);
CREATE INDEX web_forms_tenant_created ON web_forms (tenant_id, created_at DESC);
SELECT app_enable_tenant_rls('web_forms');

-- Every attempt that reached a form (not the rate-limited ones): the per-IP limits count these,
-- and accepted ones point at their lead.
CREATE TABLE web_form_submissions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  form_id uuid NOT NULL REFERENCES web_forms(id) ON DELETE CASCADE,
  ip text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('created', 'duplicate', 'rejected', 'spam')),
  lead_id uuid REFERENCES leads(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX web_form_submissions_form_ip ON web_form_submissions (form_id, ip, created_at DESC);
SELECT app_enable_tenant_rls('web_form_submissions');

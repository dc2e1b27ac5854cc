-- Print templates (打印模板): per record type, an HTML-like layout with {{field}} placeholders,
-- line-item tables and the logo; rendered to PDF with pdfmake. The organization's logo lives on tenants.

ALTER TABLE tenants ADD COLUMN logo_file_id uuid;
-- the logo used to live in tenants.settings.logoFileId (a validated uuid): move it to the column
UPDATE tenants SET logo_file_id = (settings->>'logoFileId')::uuid, settings = settings - 'logoFileId'
  WHERE settings->>'logoFileId' ~ '^[0-9a-fA-F-]{36}$';

CREATE TABLE print_templates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  record_type text NOT NULL CHECK (record_type IN ('quote', 'contract', 'order', 'payment', 'invoice')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  body text NOT NULL,
  page_size text NOT NULL DEFAULT 'A4' CHECK (page_size IN ('A4', 'A5', 'LETTER')),
  orientation text NOT NULL DEFAULT 'portrait' CHECK (orientation IN ('portrait', 'landscape')),
  is_default boolean NOT NULL DEFAULT false,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, record_type, name)
);
CREATE UNIQUE INDEX print_templates_default ON print_templates (tenant_id, record_type) WHERE is_default;
SELECT app_enable_tenant_rls('print_templates');

-- Spreadsheet imports of leads, customers and contacts (modules/imports).
-- An import row follows the wizard: uploaded (file stored, headers found) → queued → running →
-- completed | failed | cancelled. The records, the counts, the row errors and status 'completed' are
-- written in ONE transaction, so a completed import is never half-written and an aborted one leaves
-- nothing. Progress is written by a separate connection while that transaction runs.
CREATE TABLE imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  record_type text NOT NULL CHECK (record_type IN ('lead', 'customer', 'contact')),
  status text NOT NULL DEFAULT 'uploaded' CHECK (status IN ('uploaded', 'queued', 'running', 'completed', 'failed', 'cancelled')),
  file_name text NOT NULL,
  file_size bigint NOT NULL,
  storage_key text NOT NULL,
  -- the rows as read at upload (gzipped JSON in the file store), so the run does not parse the file again
  rows_key text,
  sheet_name text NOT NULL,
  header_row int NOT NULL,
  headers jsonb NOT NULL,
  row_count int NOT NULL,
  -- the first 100 data rows as read ({rowNumber, cells}; dates as {"$date": iso}), for the validation
  -- preview without reading the file again
  sample jsonb NOT NULL DEFAULT '[]',
  -- header → field key (or null: not imported)
  mapping jsonb NOT NULL DEFAULT '{}',
  duplicate_policy text NOT NULL DEFAULT 'skip' CHECK (duplicate_policy IN ('skip', 'update', 'create')),
  progress_done int NOT NULL DEFAULT 0,
  created_count int NOT NULL DEFAULT 0,
  updated_count int NOT NULL DEFAULT 0,
  skipped_count int NOT NULL DEFAULT 0,
  rejected_count int NOT NULL DEFAULT 0,
  cancel_requested boolean NOT NULL DEFAULT false,
  -- why a run failed (not a row error: those are in import_row_errors)
  failure text,
  -- sha256 of the token that lets the browser watch/abort a running import without a database round trip
  watch_token_hash text,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX imports_tenant_created ON imports (tenant_id, created_at DESC, id DESC);
CREATE INDEX imports_tenant_creator ON imports (tenant_id, created_by, created_at DESC, id DESC);

-- One message per rejected cell or row: the row number is the file's own (as Excel shows it).
CREATE TABLE import_row_errors (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  seq int NOT NULL,
  row_number int NOT NULL,
  column_header text,
  message text NOT NULL,
  PRIMARY KEY (import_id, seq)
);
CREATE INDEX import_row_errors_row ON import_row_errors (import_id, row_number);

-- The mapping people chose, remembered per header so the next file with the same columns maps itself.
CREATE TABLE import_mappings (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  record_type text NOT NULL,
  -- normalised header text (case, width, spaces and punctuation ignored)
  header_key text NOT NULL,
  field_key text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, record_type, header_key)
);

SELECT app_enable_tenant_rls(t) FROM unnest(ARRAY['imports', 'import_row_errors', 'import_mappings']::regclass[]) AS t;

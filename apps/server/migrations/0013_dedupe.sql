-- 查重 finds similar company names with pg_trgm's % operator on the GIN indexes of leads.company_norm
-- and customers.name_norm (0005). Under row-level security PostgreSQL lets only LEAKPROOF operators
-- use an index (anything else must wait until the policy has filtered the row), and pg_trgm ships
-- similarity_op unmarked, so every similar-name lookup would scan the table. similarity_op cannot
-- leak a row: it returns a number for any two texts and never raises an error on their content.
-- Only a superuser may set the mark; without it the app falls back to scanning the tenant's rows
-- for single probes and skips similar names in large batches (modules/dedupe/lookup.ts).
DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER FUNCTION similarity_op(text, text) LEAKPROOF;
  END IF;
END $$;

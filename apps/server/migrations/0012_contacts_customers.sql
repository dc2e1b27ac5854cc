-- Contacts: a customer has at most one primary contact (making one primary demotes the other in
-- the same transaction; the index turns a concurrent race into a clean conflict instead of two).
CREATE UNIQUE INDEX contacts_one_primary ON contacts (tenant_id, customer_id) WHERE is_primary AND deleted_at IS NULL;

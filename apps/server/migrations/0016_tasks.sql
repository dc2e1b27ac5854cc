-- Tasks (任务): to-dos people give themselves or each other, and the ones flows create; their
-- reminders; and the per-user private iCalendar feed tokens.

CREATE TABLE tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description text,
  -- the record the task is about (lead, customer, contact, …); both or neither
  record_type text,
  record_id uuid,
  assignee_id uuid NOT NULL REFERENCES users(id),
  created_by uuid REFERENCES users(id),
  due_at timestamptz,
  remind_at timestamptz,
  -- set when the reminder went out (claimed by the reminder job): a reminder is sent once
  reminded_at timestamptz,
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'inProgress', 'done', 'cancelled')),
  kind text NOT NULL DEFAULT 'todo' CHECK (kind IN ('todo', 'followup')),
  -- [{text, done}]
  checklist jsonb NOT NULL DEFAULT '[]',
  -- the flow step that created it: a re-run step finds its task instead of creating a second one
  source_step_id uuid UNIQUE,
  completed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  CHECK ((record_type IS NULL) = (record_id IS NULL))
);
-- my buckets (today / overdue / upcoming by due time; done by completion)
CREATE INDEX tasks_assignee_open ON tasks (tenant_id, assignee_id, due_at) WHERE deleted_at IS NULL AND status IN ('open', 'inProgress');
CREATE INDEX tasks_assignee_done ON tasks (tenant_id, assignee_id, completed_at DESC) WHERE deleted_at IS NULL AND status IN ('done', 'cancelled');
-- tasks a person gave others
CREATE INDEX tasks_creator ON tasks (tenant_id, created_by) WHERE deleted_at IS NULL;
-- the reminder job: due reminders not yet sent (across tenants)
CREATE INDEX tasks_reminders_due ON tasks (remind_at) WHERE reminded_at IS NULL AND deleted_at IS NULL AND status IN ('open', 'inProgress');
-- a record's tasks
CREATE INDEX tasks_record ON tasks (tenant_id, record_type, record_id) WHERE deleted_at IS NULL;
SELECT app_enable_tenant_rls('tasks');

-- A private calendar subscription: only the hash of the token is kept; the URL is shown once.
CREATE TABLE calendar_feeds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
-- one live feed per user
CREATE UNIQUE INDEX calendar_feeds_live ON calendar_feeds (tenant_id, user_id) WHERE revoked_at IS NULL;
SELECT app_enable_tenant_rls('calendar_feeds');

-- Roles of organizations created before tasks existed: whoever may work with follow-ups may work with
-- tasks the same way (new organizations get 'task' from the default roles).
SELECT set_config('app.system', 'on', true);
UPDATE roles SET permissions = jsonb_set(permissions, '{objects,task}', permissions -> 'objects' -> 'activity')
 WHERE permissions -> 'objects' ? 'activity' AND NOT (permissions -> 'objects' ? 'task');

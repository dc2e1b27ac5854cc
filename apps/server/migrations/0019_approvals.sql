-- Approvals (审批): an approval is a run of a flow of kind 'approval' (flow_executions); its approval
-- nodes wait (flow_steps.status = 'waiting', signal_key) while people decide their approval tasks.
-- These tables hold what people see and do: the instance per submission, a task per approver,
-- CC recipients, and the log of every action (the approval path shown on the record).

CREATE TABLE approval_instances (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  record_type text NOT NULL,
  record_id uuid NOT NULL,
  -- what the inbox shows without loading the record: title, number, amount …
  title text NOT NULL,
  summary jsonb NOT NULL DEFAULT '{}',
  flow_id uuid REFERENCES flows(id),
  flow_version_id uuid,
  execution_id uuid UNIQUE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn', 'returned', 'cancelled')),
  -- the approval node(s) currently waiting, for the record's banner and the inbox
  current_node_ids text[] NOT NULL DEFAULT '{}',
  submitted_by uuid NOT NULL REFERENCES users(id),
  submitted_at timestamptz NOT NULL DEFAULT now(),
  -- approvers the submitter chose, per node id: {"<nodeId>": ["<userId>", …]}
  chosen_approvers jsonb NOT NULL DEFAULT '{}',
  submit_comment text,
  decided_at timestamptz,
  -- set once someone has decided a task: withdrawing is no longer possible
  first_decision_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- one live approval per record
CREATE UNIQUE INDEX approval_instances_live ON approval_instances (tenant_id, record_type, record_id) WHERE status = 'pending';
CREATE INDEX approval_instances_record ON approval_instances (tenant_id, record_type, record_id, submitted_at DESC);
CREATE INDEX approval_instances_submitter ON approval_instances (tenant_id, submitted_by, submitted_at DESC);
SELECT app_enable_tenant_rls('approval_instances');

CREATE TABLE approval_tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  instance_id uuid NOT NULL REFERENCES approval_instances(id) ON DELETE CASCADE,
  -- the flow step of the approval node (one step per visit of the node) and the node itself
  step_id uuid NOT NULL,
  node_id text NOT NULL,
  node_label text NOT NULL,
  approver_id uuid NOT NULL REFERENCES users(id),
  -- sequential mode: order among the node's approvers; 'queued' until their turn
  seq integer NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('queued', 'pending', 'approved', 'rejected', 'returned', 'delegated', 'cancelled', 'skipped')),
  -- how the task came about: the node's approver rule, a delegation, 加签 before/after, escalation
  origin text NOT NULL DEFAULT 'rule' CHECK (origin IN ('rule', 'delegated', 'addedBefore', 'addedAfter', 'escalated', 'admin')),
  origin_task_id uuid REFERENCES approval_tasks(id),
  due_at timestamptz,
  reminded_at timestamptz,
  decided_at timestamptz,
  comment text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX approval_tasks_inbox ON approval_tasks (tenant_id, approver_id, status, created_at DESC);
CREATE INDEX approval_tasks_instance ON approval_tasks (instance_id, step_id, seq);
-- the timeout job: pending tasks past their due time
CREATE INDEX approval_tasks_due ON approval_tasks (due_at) WHERE status = 'pending' AND due_at IS NOT NULL;
SELECT app_enable_tenant_rls('approval_tasks');

CREATE TABLE approval_cc (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  instance_id uuid NOT NULL REFERENCES approval_instances(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  node_id text,
  read_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (instance_id, user_id, node_id)
);
CREATE INDEX approval_cc_inbox ON approval_cc (tenant_id, user_id, created_at DESC);
SELECT app_enable_tenant_rls('approval_cc');

-- The approval path: submit, approve, reject, return, delegate, add approver, withdraw, comment,
-- timeout reminders and escalations, auto-pass — who, when, with what comment and attachments.
CREATE TABLE approval_actions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  instance_id uuid NOT NULL REFERENCES approval_instances(id) ON DELETE CASCADE,
  task_id uuid REFERENCES approval_tasks(id),
  node_id text,
  action text NOT NULL,
  -- null: the system (timeouts, auto-pass)
  actor_id uuid REFERENCES users(id),
  comment text,
  -- platform file ids
  attachment_ids uuid[] NOT NULL DEFAULT '{}',
  -- e.g. {"toUserId": …} for a delegation, {"toNodeId": …} for a return, {"fields": {…}} for approver edits
  data jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX approval_actions_instance ON approval_actions (instance_id, created_at);
SELECT app_enable_tenant_rls('approval_actions');

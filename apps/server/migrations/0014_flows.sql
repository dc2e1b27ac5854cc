-- The flow engine (流程引擎): flow definitions with immutable published versions, durable executions
-- whose every step is a committed row, the event outbox fed by the audit path, the log of which flows
-- were considered for an event and why they did (not) start, and the outbox of external side effects.

CREATE TABLE flows (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name text NOT NULL,
  description text,
  -- approval flows (next issue) are flows too, with approval nodes and their own inbox
  kind text NOT NULL DEFAULT 'automation' CHECK (kind IN ('automation', 'approval')),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'disabled')),
  -- the working copy the designer edits; publishing copies it into flow_versions
  draft jsonb NOT NULL,
  draft_updated_at timestamptz NOT NULL DEFAULT now(),
  published_version integer,
  -- of the published version (dispatch reads these, never the JSON)
  record_type text,
  trigger_type text,
  -- record types whose events this flow needs (e.g. 'activity' for followupLogged); audit rows of
  -- other types never become flow events for this tenant
  listens_on text[] NOT NULL DEFAULT '{}',
  -- inbound webhook trigger: the secret part of /api/v1/public/flow-hooks/<key>
  webhook_key text UNIQUE,
  -- the built-in SOP template this flow was created from
  template_key text,
  created_by uuid REFERENCES users(id),
  updated_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX flows_tenant ON flows (tenant_id, updated_at DESC);
CREATE INDEX flows_active_listen ON flows USING gin (listens_on) WHERE status = 'active';

CREATE TABLE flow_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  flow_id uuid NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
  version integer NOT NULL,
  definition jsonb NOT NULL,
  published_by uuid REFERENCES users(id),
  published_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (flow_id, version)
);

CREATE TABLE flow_executions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  flow_id uuid NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
  version_id uuid NOT NULL REFERENCES flow_versions(id),
  version integer NOT NULL,
  record_type text,
  record_id uuid,
  status text NOT NULL CHECK (status IN ('running', 'waiting', 'completed', 'failed', 'cancelled')),
  -- one execution per trigger occurrence: an event id, a schedule slot, a webhook idempotency key
  trigger_key text NOT NULL,
  -- what started it: type, event (changed fields), user, payload
  trigger jsonb NOT NULL,
  -- 0 = started by a person or the clock; n = started by an action of a depth n-1 execution
  depth integer NOT NULL DEFAULT 0,
  started_by uuid REFERENCES users(id),
  error text,
  started_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  UNIQUE (flow_id, trigger_key)
);
CREATE INDEX flow_executions_flow ON flow_executions (tenant_id, flow_id, started_at DESC);
CREATE INDEX flow_executions_record ON flow_executions (tenant_id, record_type, record_id, started_at DESC);
CREATE INDEX flow_executions_live ON flow_executions (tenant_id, flow_id) WHERE status IN ('running', 'waiting');

-- One row per node visit. A step is done in one transaction with its database side effects and the
-- steps that follow it, so a crash leaves it pending (to run again) or done (never both, never half).
CREATE TABLE flow_steps (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  execution_id uuid NOT NULL REFERENCES flow_executions(id) ON DELETE CASCADE,
  flow_id uuid NOT NULL,
  node_id text NOT NULL,
  node_type text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'waiting', 'done', 'failed', 'cancelled')),
  -- the step that led here (the path drawn in the run history); null for the trigger node
  from_step_id uuid,
  branch text,
  input jsonb,
  output jsonb,
  decision jsonb,
  error text,
  attempts integer NOT NULL DEFAULT 0,
  -- delay nodes: when to continue; approval nodes (next issue): what signal it waits for
  wake_at timestamptz,
  signal_key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX flow_steps_execution ON flow_steps (execution_id, created_at, id);
CREATE INDEX flow_steps_pending ON flow_steps (created_at, id) WHERE status = 'pending';
CREATE INDEX flow_steps_wake ON flow_steps (wake_at) WHERE status = 'waiting' AND wake_at IS NOT NULL;
CREATE INDEX flow_steps_signal ON flow_steps (tenant_id, signal_key) WHERE status = 'waiting' AND signal_key IS NOT NULL;
CREATE INDEX flow_steps_counts ON flow_steps (tenant_id, flow_id, created_at);

-- Record changes that active flows listen to, written by the audit path in the same transaction as
-- the change (platform/audit/audit.ts); the dispatcher deletes each event once it has been matched.
CREATE TABLE flow_events (
  id bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  audit_id bigint,
  action text NOT NULL,
  record_type text NOT NULL,
  record_id text NOT NULL,
  changes jsonb,
  actor_id uuid,
  -- depth of the execution whose action caused this change (null: a person or an import)
  depth integer,
  caused_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX flow_events_tenant ON flow_events (tenant_id, id);

-- Each flow considered for an event or a schedule, and why it started or not: answers
-- "why did nothing happen to this lead?". Kept 30 days.
CREATE TABLE flow_trigger_checks (
  id bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  flow_id uuid NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
  record_type text,
  record_id text,
  event_action text NOT NULL,
  started boolean NOT NULL,
  execution_id uuid,
  reason text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX flow_trigger_checks_record ON flow_trigger_checks (tenant_id, record_type, record_id, id DESC);
CREATE INDEX flow_trigger_checks_flow ON flow_trigger_checks (tenant_id, flow_id, id DESC);

-- External side effects (email, outgoing webhooks): written with the step, delivered after commit by
-- a job, retried with backoff; the id is the receiver's idempotency key.
CREATE TABLE flow_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  step_id uuid NOT NULL REFERENCES flow_steps(id) ON DELETE CASCADE,
  execution_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('email', 'webhook')),
  request jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  response_status integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  -- one delivery per effect of a step
  effect_index integer NOT NULL DEFAULT 0,
  UNIQUE (step_id, kind, effect_index)
);
CREATE INDEX flow_deliveries_due ON flow_deliveries (next_attempt_at) WHERE status = 'pending';

-- dateRelative / scheduled triggers remember which slot they already fired for (idempotent ticks)
CREATE TABLE flow_schedule_marks (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  flow_id uuid NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
  last_tick_at timestamptz NOT NULL,
  PRIMARY KEY (flow_id)
);

SELECT app_enable_tenant_rls(t) FROM unnest(ARRAY[
  'flows', 'flow_versions', 'flow_executions', 'flow_steps', 'flow_events', 'flow_trigger_checks', 'flow_deliveries', 'flow_schedule_marks'
]::regclass[]) AS t;

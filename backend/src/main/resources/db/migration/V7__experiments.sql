-- A/B experiments (issue 5). tenant_id is the first column of every key and index and every query filters
-- on it. A running or draft experiment owns the bucket range [range_start, range_end) of its layer (buckets
-- 0..9999); ranges of a layer's draft and running experiments never overlap, which is what keeps
-- experiments in one layer mutually exclusive. The salt is chosen once at creation and never changes, so
-- assignment stays sticky without any per-user state.

create table experiments (
  tenant_id       uuid        not null references tenants(id) on delete cascade,
  id              text        not null,
  name            text        not null,
  hypothesis      text        not null default '',
  layer           text        not null,
  range_start     integer     not null check (range_start >= 0 and range_start < 10000),
  range_end       integer     not null check (range_end > range_start and range_end <= 10000),
  salt            text        not null,
  status          text        not null check (status in ('draft', 'running', 'stopped')),
  primary_metric  text        not null default 'ctr' check (primary_metric in ('ctr', 'conversionRate')),
  targeting       jsonb       not null default '{}',
  created_at      timestamptz not null default now(),
  started_at      timestamptz,
  stopped_at      timestamptz,
  version         integer     not null default 1,
  primary key (tenant_id, id)
);
create index experiments_tenant_layer on experiments (tenant_id, layer, status);

-- weight is a percentage (the variants of an experiment sum to 100).
create table experiment_variants (
  tenant_id      uuid             not null,
  experiment_id  text             not null,
  position       integer          not null,
  name           text             not null,
  weight         double precision not null check (weight > 0 and weight <= 100),
  control        boolean          not null,
  model          text             not null,
  params         jsonb            not null default '{}',
  count          integer,
  primary key (tenant_id, experiment_id, name),
  foreign key (tenant_id, experiment_id) references experiments (tenant_id, id) on delete cascade
);
create unique index experiment_variants_one_control on experiment_variants (tenant_id, experiment_id)
  where control;

-- The audit trail outlives the experiment: deleting an experiment keeps who created, started and deleted it.
create table experiment_audit (
  tenant_id      uuid        not null references tenants(id) on delete cascade,
  experiment_id  text        not null,
  seq            bigint      generated always as identity,
  at             timestamptz not null default now(),
  actor          text        not null,
  action         text        not null,
  details        jsonb       not null default '{}',
  primary key (tenant_id, experiment_id, seq)
);

-- One row per served recommendation that was part of an experiment; the recommendation id is unique per
-- tenant, so a re-sent exposure counts once.
create table exposures (
  tenant_id          uuid        not null references tenants(id) on delete cascade,
  recommendation_id  text        not null,
  experiment_id      text        not null,
  variant            text        not null,
  user_id            text        not null,
  ts                 timestamptz not null,
  primary key (tenant_id, recommendation_id)
);
create index exposures_tenant_experiment_user on exposures (tenant_id, experiment_id, user_id, ts);

-- Results join events to exposures by recommendation id; only events that carry one are indexed.
create index events_tenant_recommendation on events (tenant_id, recommendation_id)
  where recommendation_id is not null;

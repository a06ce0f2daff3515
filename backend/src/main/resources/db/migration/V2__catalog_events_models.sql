-- Catalogue, behaviour and models. tenant_id is the first column of every key and index, and every
-- query filters on it (see DESIGN.md, "Tenancy and data rules"). The tenants table comes from V1 in
-- the tenants module.

create table items (
  tenant_id   uuid        not null references tenants(id) on delete cascade,
  id          text        not null,
  categories  text[]      not null default '{}',
  attributes  jsonb       not null default '{}',
  text        text,
  active      boolean     not null default true,
  ts          timestamptz not null default now(),
  updated_at  timestamptz not null default now(),
  primary key (tenant_id, id)
);

create table users (
  tenant_id   uuid        not null references tenants(id) on delete cascade,
  id          text        not null,
  attributes  jsonb       not null default '{}',
  created_at  timestamptz not null default now(),
  primary key (tenant_id, id)
);

-- Events carry no foreign keys to items/users: ingestion creates missing users and items in the same
-- transaction, and a per-row FK check would cost ingestion throughput for no extra safety. Erasing a
-- user deletes their events explicitly.
create table events (
  tenant_id          uuid             not null references tenants(id) on delete cascade,
  id                 bigint           generated always as identity,
  user_id            text             not null,
  item_id            text             not null,
  type               text             not null,
  value              double precision,
  ts                 timestamptz      not null,
  recommendation_id  text,
  received_at        timestamptz      not null default now(),
  primary key (tenant_id, id)
);
create index events_tenant_user on events (tenant_id, user_id);
create index events_tenant_item on events (tenant_id, item_id);
create index events_tenant_ts   on events (tenant_id, ts);

-- A retried batch with the same Idempotency-Key counts once: the key is claimed in the batch's own
-- transaction, so either both commit or neither does.
create table idempotency_keys (
  tenant_id     uuid        not null references tenants(id) on delete cascade,
  key           text        not null,
  request_hash  text        not null,
  response      jsonb       not null,
  created_at    timestamptz not null default now(),
  primary key (tenant_id, key)
);

create table models (
  tenant_id      uuid             not null references tenants(id) on delete cascade,
  version        bigint           not null,
  name           text             not null,
  created_at     timestamptz      not null default now(),
  train_seconds  double precision not null,
  metrics        jsonb            not null default '{}',
  payload        bytea            not null,
  primary key (tenant_id, version)
);

-- Per-tenant serving state: which model version every node serves, and the tenant's default model.
create table tenant_settings (
  tenant_id       uuid   not null references tenants(id) on delete cascade,
  active_version  bigint,
  default_model   text   not null default 'item-knn',
  primary key (tenant_id)
);

create table training_jobs (
  tenant_id    uuid             not null references tenants(id) on delete cascade,
  id           text             not null,
  model        text             not null,
  state        text             not null,
  progress     double precision not null default 0,
  message      text,
  version      bigint,
  started_at   timestamptz      not null default now(),
  finished_at  timestamptz,
  primary key (tenant_id, id)
);

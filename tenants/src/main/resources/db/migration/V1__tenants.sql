-- Tenant control plane schema (module affinity-tenants).
-- Rule: tenant_id is the first column of every primary key, foreign key and index, so every
-- query is scoped by tenant and uses the index prefix. The backend adds V2+ in its own jar.

create table tenants (
    id                    uuid        primary key,
    name                  text        not null unique,
    created_at            timestamptz not null default now(),
    rate_limit_per_second int         not null default 1000 check (rate_limit_per_second > 0),
    max_events            bigint      not null default 100000000 check (max_events > 0)
);

create table api_keys (
    tenant_id    uuid        not null references tenants(id) on delete cascade,
    key_id       text        not null,
    name         text        not null,
    -- SHA-256 hex of the full token; the plaintext is shown once and never stored.
    key_hash     text        not null,
    scopes       text[]      not null,
    created_at   timestamptz not null default now(),
    revoked_at   timestamptz,
    last_used_at timestamptz,
    primary key (tenant_id, key_id)
);

-- The one documented exception to tenant-first indexes: a request presents only its API key, so
-- the key must be found before the tenant is known. key_id is 12 random [a-z0-9] characters
-- (62 bits), globally unique by construction; this index also enforces that uniqueness.
create unique index api_keys_key_id on api_keys (key_id);

create table admin_users (
    tenant_id     uuid        not null references tenants(id) on delete cascade,
    email         text        not null,
    -- argon2id (PHC string) of the password.
    password_hash text        not null,
    created_at    timestamptz not null default now(),
    primary key (tenant_id, email)
);

-- Dashboard login is by email alone (the tenant is not known yet), and an email belongs to one
-- tenant only, so emails are unique case-insensitively across tenants.
create unique index admin_users_email_lower on admin_users (lower(email));

-- A training job's node writes heartbeat_at every few seconds while the job is queued or running on it,
-- so a job whose node died can be told apart from a long one and marked failed instead of staying
-- "running" forever (TrainingService reaps jobs whose heartbeat is older than a minute).
alter table training_jobs add column heartbeat_at timestamptz not null default now();

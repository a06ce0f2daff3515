-- Issue 5, item 4: how an experiment splits its traffic. 'fixed' (every existing experiment) keeps the
-- weights the admin set; 'thompson' lets the bandit job re-compute them periodically from the primary
-- metric (Thompson sampling), so more traffic goes to the arm that looks best. Allocation is fixed once
-- an experiment has started, like the other fields that decide who sees what.
--
-- bandit_checked_at is when the bandit last looked at a running thompson experiment (whether or not it
-- changed the weights); every node runs the job, and a re-allocation is due only when this (or
-- started_at) is at least one interval old, so the cluster re-allocates an experiment at most once per
-- interval. It is null for fixed experiments and until the first look.
alter table experiments
  add column allocation text not null default 'fixed' check (allocation in ('fixed', 'thompson')),
  add column bandit_checked_at timestamptz;

-- The job's periodic scan reads only running thompson experiments (of every tenant: a maintenance read).
create index experiments_running_thompson on experiments (tenant_id, id)
  where status = 'running' and allocation = 'thompson';

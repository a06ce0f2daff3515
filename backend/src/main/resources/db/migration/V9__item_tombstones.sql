-- Deleting an item keeps a tombstone (deleted_at) instead of removing the row: events that arrive later
-- for the item would otherwise re-create it as a new active item and serve it again. A tombstoned item
-- is invisible to the API and never served; upserting it through POST /v1/items brings it back.
alter table items add column deleted_at timestamptz;

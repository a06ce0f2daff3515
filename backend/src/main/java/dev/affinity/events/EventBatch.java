package dev.affinity.events;

import java.time.OffsetDateTime;

/**
 * A validated batch of events laid out as columns, so the whole batch goes to PostgreSQL as one
 * {@code unnest} statement with one array per column (no per-row round trips, no per-row JSON).
 * The distinct user and item ids are sorted: creating missing ones in a fixed order keeps concurrent
 * batches from deadlocking on each other's new rows.
 */
record EventBatch(String[] userIds, String[] itemIds, String[] types, Double[] values, OffsetDateTime[] timestamps,
    String[] recommendationIds, String[] distinctUsers, String[] distinctItems) {

  int size() {
    return userIds.length;
  }
}

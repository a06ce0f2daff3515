package dev.affinity.recommend.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.recommend.RecommendFeature;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A job whose node died (its heartbeat stopped) is marked failed with a message saying so, instead of
 * showing "running" forever; a job whose node is alive is left alone.
 */
class OrphanedJobsTest {
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static void insertJob(TestTenant t, String id, String state, int heartbeatSecondsAgo) {
    node.node().services().pool().preparedQuery("insert into training_jobs "
            + "(tenant_id, id, model, state, progress, message, heartbeat_at) "
            + "values ($1, $2, 'ease', $3, 0.4, 'fitting', now() - make_interval(secs => $4))")
        .execute(Tuple.of(UUID.fromString(t.id()), id, state, heartbeatSecondsAgo)).await();
  }

  @Test
  void jobsOfADeadNodeFailAndLiveOnesKeepRunning() {
    TestTenant t = node.createTenant("orphans");
    insertJob(t, "job_dead_running", "running", 300);
    insertJob(t, "job_dead_queued", "queued", 120);
    insertJob(t, "job_alive", "running", 5);

    int reaped = node.node().feature(RecommendFeature.class).orElseThrow().training().reapStale().await();
    assertTrue(reaped >= 2, "both orphans reaped: " + reaped);

    for (String id : new String[] {"job_dead_running", "job_dead_queued"}) {
      JsonObject job = node.http().get("/v1/models/jobs/" + id, t.apiKey()).json();
      assertEquals("failed", job.getString("state"), job.encode());
      assertTrue(job.getString("message").contains("stopped before it finished"), job.encode());
      assertTrue(job.getString("finishedAt") != null);
    }
    JsonObject alive = node.http().get("/v1/models/jobs/job_alive", t.apiKey()).json();
    assertEquals("running", alive.getString("state"), "a job with a fresh heartbeat is not touched");
  }
}

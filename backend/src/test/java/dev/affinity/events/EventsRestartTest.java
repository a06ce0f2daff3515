package dev.affinity.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.affinity.testing.Http;
import dev.affinity.testing.TableCounts;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged events survive a restart: a node on its own embedded PostgreSQL (fsync on, as in
 * production) is stopped and a new node is started on the same data directory.
 */
class EventsRestartTest {
  @TempDir
  Path dataDir;

  private TestNode nodeOn(Path dir) {
    return TestNode.start(env -> {
      env.remove("AFFINITY_DB_URL");
      env.put("AFFINITY_DATA_DIR", dir.toString());
    });
  }

  @Test
  void acknowledgedEventsSurviveARestart() throws Exception {
    Files.createDirectories(dataDir);
    TestTenant tenant;
    Map<String, Long> perUser = new HashMap<>();
    int total = 0;
    try (TestNode first = nodeOn(dataDir)) {
      tenant = first.createTenant("restart");
      for (int batch = 0; batch < 5; batch++) {
        var events = EventsApiTest.events(300 + batch * 100, 40 + batch);
        Http.Response r = first.http().post("/v1/events", tenant.apiKey(), events.encode());
        assertEquals(200, r.status(), r.toString());
        total += r.json().getInteger("accepted");
        for (int i = 0; i < events.size(); i++) {
          perUser.merge(events.getJsonObject(i).getString("userId"), 1L, Long::sum);
        }
      }
    }
    try (TestNode second = nodeOn(dataDir)) {
      String jdbc = second.node().services().database().jdbcUrl();
      assertEquals(total, TableCounts.count(jdbc, "events", tenant.id()));
      for (Map.Entry<String, Long> user : perUser.entrySet()) {
        Http.Response r = second.http().get("/v1/users/" + user.getKey(), tenant.apiKey());
        assertEquals(200, r.status(), r.toString());
        assertEquals(user.getValue(), r.json().getLong("events"), user.getKey());
      }
      // and the node keeps accepting events on the recovered database
      assertEquals(200, second.http().post("/v1/events", tenant.apiKey(),
          "[{\"userId\":\"late\",\"itemId\":\"i1\",\"type\":\"view\"}]").status());
      assertEquals(total + 1, TableCounts.count(jdbc, "events", tenant.id()));
    }
  }
}

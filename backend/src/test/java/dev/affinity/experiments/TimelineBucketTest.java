package dev.affinity.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.affinity.experiments.TimelineQuery.Bucket;
import dev.affinity.http.ApiProblem;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the charts' bucket width is chosen: hours while young or when asked, days when hours would crowd. */
class TimelineBucketTest {
  private static Experiment ranFor(Duration age, Duration stoppedAgo) {
    Instant now = Instant.now();
    Instant started = now.minus(age);
    return new Experiment("exp_1", "x", "", "default", 0, 10_000, "salt",
        stoppedAgo == null ? Status.RUNNING : Status.STOPPED, "ctr", new JsonObject(), started.minusSeconds(60),
        started, stoppedAgo == null ? null : now.minus(stoppedAgo), 2, List.of(), Allocation.FIXED);
  }

  @Test
  void hoursWhileYoungDaysOnceOld() {
    assertEquals(Bucket.HOUR, Bucket.choose(ranFor(Duration.ofHours(30), null), null));
    assertEquals(Bucket.DAY, Bucket.choose(ranFor(Duration.ofDays(5), null), null));
    assertEquals(Bucket.DAY, Bucket.choose(ranFor(Duration.ofHours(2), null), Bucket.DAY));
  }

  @Test
  void hoursOnRequestButNeverOverMoreThanAWeek() {
    assertEquals(Bucket.HOUR, Bucket.choose(ranFor(Duration.ofDays(5), null), Bucket.HOUR));
    assertEquals(Bucket.DAY, Bucket.choose(ranFor(Duration.ofDays(30), null), Bucket.HOUR));
    assertEquals(Bucket.HOUR, Bucket.choose(ranFor(Duration.ofDays(30), Duration.ofDays(28)), null),
        "a stopped experiment's span ends when it stopped");
  }

  @Test
  void namesParse() {
    assertNull(Bucket.parse(null));
    assertNull(Bucket.parse("auto"));
    assertEquals(Bucket.DAY, Bucket.parse("day"));
    assertEquals(400, assertThrows(ApiProblem.class, () -> Bucket.parse("minute")).status());
  }
}

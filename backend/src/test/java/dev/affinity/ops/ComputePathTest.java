package dev.affinity.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * With AFFINITY_GPU=auto a node starts whether or not CUDA is there, and /health/ready says which
 * compute path it took (CPU here and in CI, which have no GPU; CUDA on a machine with one).
 */
class ComputePathTest {

  @Test
  void autoModeStartsAndReportsItsComputePath() {
    try (TestNode node = TestNode.start(env -> env.put("AFFINITY_GPU", "auto"))) {
      Http.Response ready = node.http().get("/health/ready", null);
      assertEquals(200, ready.status(), ready.toString());
      JsonObject gpu = ready.json().getJsonObject("gpu");
      String description = gpu.getString("description");
      assertFalse(description == null || description.isBlank(), ready.body());
      assertEquals(gpu.getBoolean("active"), !description.startsWith("CPU"), ready.body());
    }
  }
}

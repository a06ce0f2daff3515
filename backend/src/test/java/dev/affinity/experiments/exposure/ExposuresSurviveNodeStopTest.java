package dev.affinity.experiments.exposure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.affinity.experiments.ExperimentsFeature;
import dev.affinity.tenants.TenantId;
import dev.affinity.testing.SharedPostgres;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Exposures still buffered when a node stops are written before it goes: nothing accepted is lost. */
class ExposuresSurviveNodeStopTest {

  @Test
  void stoppingTheNodeFlushesBufferedExposures() throws Exception {
    TestNode node = TestNode.start();
    TestTenant t = node.createTenant("exposure-stop");
    ExposureLog log = node.node().feature(ExperimentsFeature.class).orElseThrow().exposureLog();
    TenantId tenant = TenantId.parse(t.id()).orElseThrow();
    String experiment = "exp-" + UUID.randomUUID();
    for (int i = 0; i < 500; i++) {
      log.record(tenant, "rec-" + i, experiment, i % 2 == 0 ? "A" : "B", "user-" + i, Instant.now());
    }
    node.close();
    try (var c = DriverManager.getConnection(SharedPostgres.jdbcUrl());
         var st = c.prepareStatement("select count(*) from exposures where tenant_id = ?::uuid and experiment_id = ?")) {
      st.setString(1, t.id());
      st.setString(2, experiment);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        assertEquals(500, rs.getInt(1));
      }
    }
  }
}

package dev.affinity.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo seeder against a real node: it creates and fills the tenant once, resumes an interrupted
 * seeding without counting events twice, and never creates a second demo tenant. One test method,
 * because the tenant name "demo" is unique in the shared database.
 */
class DemoSeederTest {
  private static final Function<Instant, SyntheticCatalog.Options> SMALL =
      now -> new SyntheticCatalog.Options(42L, 200, 120, 4, 30, 60, 0.3, now);
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static DemoSeeder seeder(Path dir) {
    return new DemoSeeder(new ApiClient(node.baseUrl()), TestNode.OPERATOR_TOKEN, dir, "http://localhost/dashboard", SMALL);
  }

  private static long events(String apiKey, String user) {
    ApiClient.Response r = new ApiClient(node.baseUrl()).get("/v1/users/" + user, apiKey).expectOk("GET user");
    return r.json().getLong("events");
  }

  @Test
  void seedsOnceResumesWithoutDuplicatesAndNeverCreatesASecondDemoTenant() throws Exception {
    Path dir = Files.createTempDirectory("affinity-demo");
    DemoCredentials first = seeder(dir).ensureSeeded().orElseThrow();
    assertTrue(first.seeded());
    assertEquals(DemoSeeder.ADMIN_EMAIL, first.adminEmail());
    assertEquals(16, first.adminPassword().length());
    Path file = DemoCredentials.file(dir);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(Optional.of(first), DemoCredentials.read(dir));

    ApiClient.Response recs = new ApiClient(node.baseUrl())
        .get("/v1/users/" + first.sampleUser() + "/recommendations?count=10", first.apiKey()).expectOk("recommend");
    assertFalse(recs.json().getJsonArray("items").isEmpty(), recs.body());
    List<String> users = List.of("u0", "u1", "u199");
    List<Long> before = users.stream().map(u -> events(first.apiKey(), u)).toList();
    assertTrue(before.stream().allMatch(n -> n >= 30), before.toString());

    // An interrupted seeding (file says not seeded) resumes: same tenant, no event counted twice.
    new DemoCredentials(first.dashboardUrl(), first.adminEmail(), first.adminPassword(), first.apiKey(),
        first.tenantId(), first.sampleUser(), first.seedTime(), false).write(dir);
    DemoCredentials resumed = seeder(dir).ensureSeeded().orElseThrow();
    assertEquals(first, resumed);
    assertEquals(before, users.stream().map(u -> events(first.apiKey(), u)).toList());

    // A seeded tenant is left alone.
    assertEquals(Optional.of(first), seeder(dir).ensureSeeded());

    // Another data dir finds the tenant taken and does not invent credentials.
    Path other = Files.createTempDirectory("affinity-demo-other");
    assertEquals(Optional.empty(), seeder(other).ensureSeeded());
    assertFalse(Files.exists(DemoCredentials.file(other)));

    // Credentials whose key the node rejects (a reset database) are moved aside, not trusted.
    new DemoCredentials("u", "e@x", "password-123456", "ak_bogus_key", "t", "u0", first.seedTime(), true).write(other);
    assertEquals(Optional.empty(), seeder(other).ensureSeeded());
    assertTrue(Files.exists(other.resolve(DemoCredentials.FILE_NAME + ".stale")));
    assertFalse(Files.exists(DemoCredentials.file(other)));
  }
}

package dev.affinity.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.testing.Http;
import io.vertx.core.json.JsonArray;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Proves {@code ops/run} works as a person would use it: the script starts a node with an embedded
 * PostgreSQL, seeds the demo tenant, prints the banner with a working API key, answers recommendations,
 * stops on SIGTERM, and on a second start reuses the demo tenant instead of seeding it again. It runs
 * during the backend's own build, before the jar exists, so it hands the script this JVM's classpath
 * ({@code AFFINITY_CLASSPATH}) and skips the build step.
 */
@Tag("slow")
class OpsRunScriptTest {
  private static final Pattern API_KEY = Pattern.compile("^\\s+API key:\\s+(\\S+)\\s*$");
  private static final Pattern TRY = Pattern.compile("/v1/users/([^/]+)/recommendations");

  @Test
  void opsRunServesTheDemoTenantAndStopsOnSigterm() throws Exception {
    Path dataDir = Files.createTempDirectory("affinity-ops-run");
    int port = freePort();

    Started first = start(dataDir, port);
    try {
      assertTrue(first.output().stream().anyMatch(l -> l.contains("demo: created tenant 'demo'")),
          () -> "the first start creates the demo tenant. Output:\n" + String.join("\n", tail(first.output())));
      Path credentials = dataDir.resolve("demo-credentials.properties");
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)));
      assertTrue(Files.readString(credentials).contains("seeded=true"),
          () -> "seeding must finish. Output:\n" + String.join("\n", tail(first.output())));
      assertRecommends(port, first);
    } finally {
      stop(first);
    }

    Started second = start(dataDir, port);
    try {
      assertEquals(first.apiKey(), second.apiKey(), "a restart shows the same demo API key");
      assertTrue(second.output().stream().anyMatch(l -> l.contains("is already seeded")),
          "a restart does not seed again");
      assertFalse(second.output().stream().anyMatch(l -> l.contains("demo: created tenant")), "no second tenant");
      assertRecommends(port, second);
    } finally {
      stop(second);
    }
  }

  private static void assertRecommends(int port, Started started) {
    Http.Response r = new Http("http://127.0.0.1:" + port)
        .get("/v1/users/" + started.sampleUser() + "/recommendations?count=10", started.apiKey());
    assertEquals(200, r.status(), r::toString);
    JsonArray items = r.json().getJsonArray("items");
    assertNotNull(items, r::toString);
    assertFalse(items.isEmpty(), "the demo user gets recommendations: " + r);
  }

  /** Output so far, the key and the sample user from the banner, and the process. */
  private record Started(Process process, List<String> output, String apiKey, String sampleUser) {
  }

  private static Started start(Path dataDir, int port) throws Exception {
    Path script = repoRoot().resolve("ops/run");
    assertTrue(Files.isExecutable(script), script + " must be executable");
    ProcessBuilder pb = new ProcessBuilder(script.toString()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("AFFINITY_"));
    env.put("AFFINITY_DATA_DIR", dataDir.toString());
    env.put("AFFINITY_PORT", Integer.toString(port));
    env.put("AFFINITY_HOST", "127.0.0.1");
    env.put("AFFINITY_CLUSTERED", "false");
    env.put("AFFINITY_GPU", "off");
    env.put("AFFINITY_SKIP_BUILD", "1");
    env.put("AFFINITY_CLASSPATH", System.getProperty("java.class.path"));
    env.put("JAVA_HOME", System.getProperty("java.home"));
    Process process = pb.start();
    List<String> output = Collections.synchronizedList(new ArrayList<>());
    Object bannerSeen = new Object();
    String[] found = new String[2];
    Thread reader = Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          output.add(line);
          Matcher key = API_KEY.matcher(line);
          Matcher user = TRY.matcher(line);
          synchronized (bannerSeen) {
            if (key.matches()) {
              found[0] = key.group(1);
            } else if (user.find()) {
              found[1] = user.group(1);
              bannerSeen.notifyAll();
            }
          }
        }
      } catch (IOException ignored) {
        // the process went away; the wait below reports it
      }
      synchronized (bannerSeen) {
        bannerSeen.notifyAll();
      }
    });
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
    synchronized (bannerSeen) {
      while (found[1] == null && process.isAlive() && System.nanoTime() < deadline) {
        bannerSeen.wait(1000);
      }
    }
    if (found[0] == null || found[1] == null) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      reader.join(5000);
      throw new AssertionError("ops/run printed no demo banner (alive=" + process.isAlive() + "). Output:\n"
          + String.join("\n", tail(output)));
    }
    return new Started(process, output, found[0], found[1]);
  }

  private static void stop(Started started) throws InterruptedException {
    Process p = started.process();
    p.destroy(); // SIGTERM
    boolean exited = p.waitFor(90, TimeUnit.SECONDS);
    if (!exited) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    assertTrue(exited, "ops/run must exit on SIGTERM. Output:\n" + String.join("\n", tail(started.output())));
  }

  private static List<String> tail(List<String> lines) {
    synchronized (lines) {
      return List.copyOf(lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }
  }

  private static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("ops"))) {
      dir = dir.getParent();
    }
    assertNotNull(dir, "cannot find the repository root (a folder with ops/) above " + Path.of("").toAbsolutePath());
    return dir;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}

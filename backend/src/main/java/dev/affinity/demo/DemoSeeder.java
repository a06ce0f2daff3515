package dev.affinity.demo;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a fresh local install something to look at: a tenant named {@value #TENANT} filled with
 * {@link SyntheticCatalog} data and a trained model. It is a client of the node, talking to it over
 * its public HTTP API with blocking calls on the caller's thread (never an event loop), so the demo
 * goes through the same validation, auth and ingestion path as any real tenant.
 *
 * <p>Idempotent: the credentials file records whether seeding finished; an interrupted seeding resumes
 * (catalogue upserts are idempotent, event batches carry {@code Idempotency-Key}s and the same data is
 * regenerated from the recorded {@code seedTime}), and a finished one is only checked, not repeated.
 */
public final class DemoSeeder {
  public static final String TENANT = "demo";
  public static final String ADMIN_EMAIL = "admin@demo.affinity";
  static final int EVENT_BATCH = 5000;
  private static final Logger LOG = LoggerFactory.getLogger(DemoSeeder.class);
  private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(20);

  private final ApiClient api;
  private final String operatorToken;
  private final Path dataDir;
  private final String dashboardUrl;
  private final java.util.function.Function<Instant, SyntheticCatalog.Options> shape;

  /**
   * @param api           a client of the running node
   * @param operatorToken the operator token (creates the tenant)
   * @param dataDir       where the credentials file lives
   * @param dashboardUrl  the URL people open, written to the credentials file
   */
  public DemoSeeder(ApiClient api, String operatorToken, Path dataDir, String dashboardUrl) {
    this(api, operatorToken, dataDir, dashboardUrl, SyntheticCatalog.Options::demo);
  }

  /** With another data shape for a given seed time (tests use a small one). */
  DemoSeeder(ApiClient api, String operatorToken, Path dataDir, String dashboardUrl,
             java.util.function.Function<Instant, SyntheticCatalog.Options> shape) {
    this.shape = shape;
    this.api = api;
    this.operatorToken = operatorToken;
    this.dataDir = dataDir;
    this.dashboardUrl = dashboardUrl;
  }

  /**
   * Makes sure the demo tenant exists, holds data and has a trained model. Blocking. Returns the
   * credentials (possibly with {@code seeded=false} when a step failed; the next start retries), or
   * empty when a demo tenant exists whose credentials this data directory does not have.
   */
  public Optional<DemoCredentials> ensureSeeded() {
    Optional<DemoCredentials> stored = DemoCredentials.read(dataDir);
    if (stored.isPresent() && !keyStillValid(stored.get())) {
      Path stale = DemoCredentials.file(dataDir).resolveSibling(DemoCredentials.FILE_NAME + ".stale");
      LOG.warn("demo: the stored API key is not accepted (was the database reset?); moving {} to {} and seeding anew",
          DemoCredentials.file(dataDir), stale);
      moveAside(stale);
      stored = Optional.empty();
    }
    DemoCredentials credentials;
    if (stored.isPresent()) {
      credentials = stored.get();
      if (credentials.seeded()) {
        LOG.info("demo: tenant '{}' is already seeded", TENANT);
        return Optional.of(credentials);
      }
      LOG.info("demo: resuming the seeding of tenant '{}'", TENANT);
    } else {
      Optional<DemoCredentials> created = createTenant();
      if (created.isEmpty()) {
        return Optional.empty();
      }
      credentials = created.get();
    }
    try {
      fill(credentials);
      DemoCredentials done = credentials.asSeeded();
      done.write(dataDir);
      LOG.info("demo: tenant '{}' is ready", TENANT);
      return Optional.of(done);
    } catch (RuntimeException e) {
      LOG.error("demo: seeding did not finish ({}); the node keeps running and the next start resumes it",
          e.getMessage());
      return Optional.of(credentials);
    }
  }

  private boolean keyStillValid(DemoCredentials credentials) {
    return api.get("/v1/api-keys", credentials.apiKey()).status() != 401;
  }

  private void moveAside(Path stale) {
    try {
      Files.move(DemoCredentials.file(dataDir), stale, StandardCopyOption.REPLACE_EXISTING);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Optional<DemoCredentials> createTenant() {
    String password = randomPassword();
    ApiClient.Response r = api.post("/v1/tenants", operatorToken, new JsonObject()
        .put("name", TENANT).put("adminEmail", ADMIN_EMAIL).put("adminPassword", password).encode());
    if (r.status() == 409) {
      LOG.warn("demo: a tenant named '{}' already exists but {} is missing, so its API key cannot be shown"
          + " (keys are shown only once). Use the data directory it was created with, or a fresh database.",
          TENANT, DemoCredentials.file(dataDir));
      return Optional.empty();
    }
    r.expectOk("POST /v1/tenants");
    JsonObject body = r.json();
    // Whole seconds, so the timestamp survives the properties file unchanged and resumes regenerate
    // byte-identical event batches.
    Instant seedTime = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    DemoCredentials credentials = new DemoCredentials(dashboardUrl, ADMIN_EMAIL, password, body.getString("apiKey"),
        body.getString("id"), SyntheticCatalog.userId(0), seedTime, false);
    credentials.write(dataDir);
    LOG.info("demo: created tenant '{}' ({}); credentials in {}", TENANT, credentials.tenantId(),
        DemoCredentials.file(dataDir));
    return Optional.of(credentials);
  }

  private void fill(DemoCredentials credentials) {
    String key = credentials.apiKey();
    SyntheticCatalog data = SyntheticCatalog.generate(shape.apply(credentials.seedTime()));
    LOG.info("demo: sending {} items, {} users and {} events", data.items().size(), data.userIds().size(),
        data.events().size());
    for (String batch : CatalogJson.itemBatches(data)) {
      api.post("/v1/items", key, batch).expectOk("POST /v1/items");
    }
    for (String batch : CatalogJson.userBatches(data)) {
      api.post("/v1/users", key, batch).expectOk("POST /v1/users");
    }
    List<String> batches = CatalogJson.eventBatches(data.events(), EVENT_BATCH);
    int lastDecile = -1;
    for (int i = 0; i < batches.size(); i++) {
      api.send("POST", "/v1/events", key, batches.get(i), Map.of("Idempotency-Key", "demo-seed-events-" + i))
          .expectOk("POST /v1/events");
      int decile = (i + 1) * 10 / batches.size();
      if (decile != lastDecile) {
        LOG.info("demo: events {}% sent", decile * 10);
        lastDecile = decile;
      }
    }
    train(key);
  }

  private void train(String key) {
    String jobId = api.post("/v1/models/train", key, "{}").expectOk("POST /v1/models/train").json().getString("jobId");
    LOG.info("demo: training job {} started", jobId);
    long deadline = System.nanoTime() + TRAINING_TIMEOUT.toNanos();
    double lastProgress = -1;
    while (System.nanoTime() < deadline) {
      JsonObject job = api.get("/v1/models/jobs/" + jobId, key).expectOk("GET /v1/models/jobs/" + jobId).json();
      String state = job.getString("state", "");
      double progress = job.getDouble("progress", 0.0);
      if (progress >= lastProgress + 0.1 || "succeeded".equals(state)) {
        LOG.info("demo: training {} ({}%)", state, Math.round(progress * 100));
        lastProgress = progress;
      }
      switch (state) {
        case "succeeded" -> {
          return;
        }
        case "failed" -> throw new IllegalStateException("training failed: " + job.getString("message"));
        default -> sleep(500);
      }
    }
    throw new IllegalStateException("training did not finish within " + TRAINING_TIMEOUT.toMinutes() + " minutes");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for training", e);
    }
  }

  private static String randomPassword() {
    SecureRandom random = new SecureRandom();
    StringBuilder b = new StringBuilder(16);
    for (int i = 0; i < 16; i++) {
      b.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
    }
    return b.toString();
  }
}

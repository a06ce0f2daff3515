package dev.affinity.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * The demo tenant's login and API key, kept in {@code <dataDir>/demo-credentials.properties} (mode 600).
 * The API shows a tenant's key only once, at creation; this file is how a local user gets it back after
 * a restart, and how an interrupted seeding resumes with the same data ({@code seedTime} fixes the
 * synthetic timestamps, so retried event batches match their idempotency keys).
 *
 * @param dashboardUrl  where to log in
 * @param adminEmail    the demo admin's login
 * @param adminPassword the demo admin's password (random, generated once)
 * @param apiKey        the demo tenant's all-scopes API key
 * @param tenantId      the demo tenant's id
 * @param sampleUser    a user id with history, for the banner's curl example
 * @param seedTime      the {@code now} the synthetic data was generated for
 * @param seeded        true once data is in and a model is trained
 */
public record DemoCredentials(String dashboardUrl, String adminEmail, String adminPassword, String apiKey,
                              String tenantId, String sampleUser, Instant seedTime, boolean seeded) {
  static final String FILE_NAME = "demo-credentials.properties";

  /** The credentials file of a data directory. */
  public static Path file(Path dataDir) {
    return dataDir.resolve(FILE_NAME);
  }

  /** The stored credentials, if the file exists and is complete. */
  public static Optional<DemoCredentials> read(Path dataDir) {
    Path file = file(dataDir);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    String apiKey = p.getProperty("apiKey");
    String password = p.getProperty("adminPassword");
    if (apiKey == null || password == null) {
      return Optional.empty();
    }
    String seedTime = p.getProperty("seedTime");
    return Optional.of(new DemoCredentials(p.getProperty("dashboardUrl", ""), p.getProperty("adminEmail", ""),
        password, apiKey, p.getProperty("tenantId", ""), p.getProperty("sampleUser", SyntheticCatalog.userId(0)),
        seedTime == null ? Instant.now() : Instant.parse(seedTime), Boolean.parseBoolean(p.getProperty("seeded"))));
  }

  /** Writes the file atomically with owner-only permissions. */
  public void write(Path dataDir) {
    Properties p = new Properties();
    p.setProperty("dashboardUrl", dashboardUrl);
    p.setProperty("adminEmail", adminEmail);
    p.setProperty("adminPassword", adminPassword);
    p.setProperty("apiKey", apiKey);
    p.setProperty("tenantId", tenantId);
    p.setProperty("sampleUser", sampleUser);
    p.setProperty("seedTime", seedTime.toString());
    p.setProperty("seeded", Boolean.toString(seeded));
    Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
    try {
      Files.createDirectories(dataDir);
      Files.deleteIfExists(tmp);
      try {
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException notPosix) {
        Files.createFile(tmp);
      } catch (FileAlreadyExistsException raced) {
        throw new IOException("another process is writing " + tmp, raced);
      }
      try (Writer w = Files.newBufferedWriter(tmp)) {
        p.store(w, "Affinity demo tenant. The API key is shown only once by the API; this file keeps it. Keep private.");
      }
      Files.move(tmp, file(dataDir), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file(dataDir) + ": " + e.getMessage(), e);
    }
  }

  DemoCredentials asSeeded() {
    return new DemoCredentials(dashboardUrl, adminEmail, adminPassword, apiKey, tenantId, sampleUser, seedTime, true);
  }

  /** Secrets stay out of logs. */
  @Override
  public String toString() {
    return "DemoCredentials[tenantId=" + tenantId + ", adminEmail=" + adminEmail + ", seeded=" + seeded + "]";
  }
}

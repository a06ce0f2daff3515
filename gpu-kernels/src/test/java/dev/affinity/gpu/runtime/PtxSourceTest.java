package dev.affinity.gpu.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The committed PTX must come from the committed CUDA source: the recorded source hash must match
 * (always), and when the same nvcc as recorded is installed, recompiling must give the same PTX.
 * Regenerate with {@code gpu-kernels/build-ptx.sh}.
 */
class PtxSourceTest {
  static final List<String> MODULES = PtxResources.MODULES;
  private static final Path CUDA = Path.of("src/main/cuda");
  private static final Path PTX = Path.of("src/main/resources/dev/affinity/gpu/ptx");

  @ParameterizedTest
  @FieldSource("MODULES")
  void ptxResourceExportsTheKernelsForSm90(String module) {
    String ptx = new String(PtxResources.load(module), StandardCharsets.US_ASCII);
    assertTrue(ptx.contains(".target sm_90"), module + " must target sm_90");
    for (String kernel : KernelNames.of(module)) {
      assertTrue(ptx.contains(".entry " + kernel + "("), module + ".ptx lacks kernel " + kernel);
    }
  }

  @ParameterizedTest
  @FieldSource("MODULES")
  void recordedHashMatchesTheSource(String module) throws Exception {
    assumeTrue(Files.isDirectory(CUDA), "CUDA sources are not here (packaged run)");
    String recorded = Files.readString(PTX.resolve(module + ".cu.sha256")).trim();
    assertEquals(sha256(Files.readAllBytes(CUDA.resolve(module + ".cu"))), recorded,
        module + ".cu changed since its PTX was built: run gpu-kernels/build-ptx.sh");
  }

  @ParameterizedTest
  @FieldSource("MODULES")
  void recompilingGivesTheCommittedPtx(String module) throws Exception {
    assumeTrue(Files.isDirectory(CUDA), "CUDA sources are not here (packaged run)");
    Path nvcc = findNvcc();
    assumeTrue(nvcc != null, "nvcc is not installed");
    String version = run(List.of(nvcc.toString(), "--version")).lines()
        .filter(l -> l.startsWith("Cuda compilation tools")).findFirst().orElse("?");
    String recorded = Files.readString(PTX.resolve("nvcc.version")).trim();
    assumeTrue(version.equals(recorded), "nvcc is '" + version + "', the PTX was built by '" + recorded + "'");
    Path out = Files.createTempFile("affinity-" + module, ".ptx");
    try {
      run(List.of(nvcc.toString(), "-ptx", "-arch=sm_90", "-std=c++17", "-O3", "-o", out.toString(),
          CUDA.resolve(module + ".cu").toString()));
      assertArrayEquals(Files.readAllBytes(PTX.resolve(module + ".ptx")), Files.readAllBytes(out),
          module + ".ptx differs from what nvcc builds from " + module + ".cu: run gpu-kernels/build-ptx.sh");
    } finally {
      Files.deleteIfExists(out);
    }
  }

  static Path findNvcc() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir, "nvcc");
      if (!dir.isEmpty() && Files.isExecutable(p)) {
        return p;
      }
    }
    Path p = Path.of("/usr/local/cuda/bin/nvcc");
    return Files.isExecutable(p) ? p : null;
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "nvcc timed out");
    assertEquals(0, p.exitValue(), () -> String.join(" ", command) + " failed:\n" + output);
    return output;
  }

  static String sha256(byte[] data) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}

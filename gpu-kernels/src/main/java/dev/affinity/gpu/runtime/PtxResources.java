package dev.affinity.gpu.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The PTX modules compiled from {@code src/main/cuda} by {@code build-ptx.sh} and shipped as
 * resources, so no CUDA toolkit is needed at run time (the driver JIT-compiles PTX for the GPU).
 */
public final class PtxResources {
  /** Resource folder of the PTX files. */
  public static final String FOLDER = "/dev/affinity/gpu/ptx/";
  /** Module names (file names without .ptx); each matches a .cu file. */
  public static final List<String> MODULES = List.of("similarity_topk", "diffusion");

  private PtxResources() {}

  /** The module's PTX text, NUL-terminated as cuModuleLoadData expects. */
  public static byte[] load(String module) {
    String path = FOLDER + module + ".ptx";
    try (InputStream in = PtxResources.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing PTX resource " + path + " (run gpu-kernels/build-ptx.sh)");
      }
      byte[] text = in.readAllBytes();
      byte[] z = new byte[text.length + 1];
      System.arraycopy(text, 0, z, 0, text.length);
      return z;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

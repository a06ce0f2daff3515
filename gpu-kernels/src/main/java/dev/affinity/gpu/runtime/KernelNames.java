package dev.affinity.gpu.runtime;

import java.util.List;

/** The entry points each PTX module must export (checked when the module is loaded). */
final class KernelNames {
  private KernelNames() {}

  static List<String> of(String module) {
    return switch (module) {
      case "similarity_topk" -> List.of("sim_topk_partial", "topk_merge");
      case "diffusion" -> List.of("gemm_nt_epilogue", "q_sample");
      default -> throw new IllegalArgumentException("unknown module " + module);
    };
  }
}

package dev.affinity.gpu.diffusion;

/** Argument checks shared by the samplers, so both reject the same inputs the same way. */
final class SampleArgs {
  private SampleArgs() {}

  static void check(float[] x, int b, int n, NoiseSchedule schedule, int startStep) {
    if (x == null || schedule == null) {
      throw new IllegalArgumentException("x and schedule are required");
    }
    if (b < 0 || x.length < (long) b * n) {
      throw new IllegalArgumentException("x holds " + x.length + " values, " + b + " users x " + n + " items need "
          + ((long) b * n));
    }
    if (startStep < 0 || startStep > schedule.steps()) {
      throw new IllegalArgumentException("startStep " + startStep + " outside 0.." + schedule.steps());
    }
  }
}

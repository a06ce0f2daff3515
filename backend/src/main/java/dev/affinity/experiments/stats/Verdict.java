package dev.affinity.experiments.stats;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plain-language summary of the results. Decisions use the always-valid p-value at α = {@value #ALPHA} (the dashboard
 * is watched continuously); the sample-ratio warning always comes first because it invalidates everything after it.
 */
final class Verdict {

  static final double ALPHA = 0.05;

  private Verdict() {}

  static String of(Srm srm, VariantCounts control, List<VariantResult> results, String metric) {
    List<String> sentences = new ArrayList<>();
    if (srm.warning()) {
      sentences.add("Sample ratio mismatch: results are unreliable (" + p(srm.pValue()) + ").");
    }
    String label = ExperimentAnalysis.CTR.equals(metric) ? "CTR" : "conversion rate";
    double controlRate = rate(control, metric);
    for (VariantResult r : results) {
      if (r.control()) {
        continue;
      }
      sentences.add(sentence(r, control.name(), controlRate, label, metric));
    }
    if (sentences.isEmpty()) {
      sentences.add("Only the control " + control.name() + " is running; nothing to compare yet.");
    }
    return String.join(" ", sentences);
  }

  private static String sentence(VariantResult r, String controlName, double controlRate, String label,
      String metric) {
    if (r.exposures() == 0) {
      return "No exposures yet for " + r.name() + ".";
    }
    double rate = ExperimentAnalysis.CTR.equals(metric) ? r.ctr().value() : r.conversionRate().value();
    String undefined = "relative uplift is undefined because " + controlName + "'s " + label + " is 0";
    if (r.alwaysValidPValue() < ALPHA) {
      String verb = rate > controlRate ? " beats " : " loses to ";
      String head = r.name() + verb + controlName + " on " + label;
      String size = r.uplift() == null ? " (" + undefined + ")"
          : " by " + percent(r.uplift().value()) + " (95% CI " + percent(r.uplift().low()) + " to "
              + percent(r.uplift().high()) + ")";
      return head + size + ", " + chance(r.chanceToBeatControl()) + " chance to beat control (always-valid "
          + p(r.alwaysValidPValue()) + ").";
    }
    String tail = r.uplift() == null && controlRate == 0 ? "; " + undefined : "";
    return "No significant difference yet between " + r.name() + " and " + controlName + " on " + label
        + " (always-valid " + p(r.alwaysValidPValue()) + ", fixed-horizon " + p(r.pValue()) + tail + ").";
  }

  private static double rate(VariantCounts c, String metric) {
    if (c.exposures() == 0) {
      return 0;
    }
    long x = ExperimentAnalysis.CTR.equals(metric) ? c.clicks() : c.conversions();
    return (double) x / c.exposures();
  }

  /** "p = 0.41", "p = 2e-6", "p < 1e-300". */
  static String p(double value) {
    if (value <= 0) {
      return "p < 1e-300";
    }
    if (value >= 0.001) {
      return "p = " + new BigDecimal(value).round(new MathContext(2)).stripTrailingZeros().toPlainString();
    }
    int exponent = (int) Math.floor(Math.log10(value));
    long mantissa = Math.round(value / Math.pow(10, exponent));
    if (mantissa == 10) {
      mantissa = 1;
      exponent++;
    }
    return "p = " + mantissa + "e" + exponent;
  }

  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%+.1f%%", fraction * 100);
  }

  static String chance(double c) {
    if (c > 0.999) {
      return ">99.9%";
    }
    if (c < 0.001) {
      return "<0.1%";
    }
    if (c >= 0.99 || c <= 0.01) {
      return String.format(Locale.ROOT, "%.1f%%", c * 100);
    }
    return String.format(Locale.ROOT, "%.0f%%", c * 100);
  }
}

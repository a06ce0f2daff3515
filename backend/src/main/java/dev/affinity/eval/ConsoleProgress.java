package dev.affinity.eval;

import dev.affinity.models.Training;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress on stderr: a redrawn bar when stderr is a terminal, otherwise a plain line at most every
 * {@code intervalMillis}, so logs of batch runs stay readable.
 */
final class ConsoleProgress implements Training.Progress {

  private final PrintStream err;
  private final boolean terminal;
  private final long intervalMillis;
  private long last;
  private String lastStage = "";

  ConsoleProgress(PrintStream err, boolean terminal, long intervalMillis) {
    this.err = err;
    this.terminal = terminal;
    this.intervalMillis = intervalMillis;
  }

  static ConsoleProgress forStderr() {
    java.io.Console c = System.console();
    boolean tty = c != null && c.isTerminal();
    return new ConsoleProgress(System.err, tty, tty ? 100 : 10_000);
  }

  @Override
  public synchronized void update(String stage, double fraction) {
    long now = System.currentTimeMillis();
    boolean finished = fraction >= 1.0;
    if (!finished && stage.equals(lastStage) && now - last < intervalMillis) {
      return;
    }
    last = now;
    lastStage = stage;
    int pct = (int) Math.round(Math.max(0, Math.min(1, fraction)) * 100);
    if (terminal) {
      int w = 30;
      int fill = pct * w / 100;
      err.print(String.format(Locale.ROOT, "\r[%s%s] %3d%% %-40s", "=".repeat(fill), " ".repeat(w - fill),
          pct, stage));
      if (finished) {
        err.println();
      }
    } else {
      err.println(String.format(Locale.ROOT, "%s %d%%", stage, pct));
    }
    err.flush();
  }
}

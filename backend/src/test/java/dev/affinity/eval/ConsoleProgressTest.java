package dev.affinity.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

  @Test
  void plainLinesAreThrottledButStageChangesAndCompletionAlwaysShow() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleProgress p = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 60_000);
    p.update("fit", 0.1);
    p.update("fit", 0.2); // within the interval: dropped
    p.update("fit", 1.0);
    p.update("evaluating", 0.5);
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(3, lines.length, String.join("|", lines));
    assertEquals("fit 10%", lines[0]);
    assertEquals("fit 100%", lines[1]);
    assertEquals("evaluating 50%", lines[2]);
  }

  @Test
  void terminalModeRedrawsOneBar() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleProgress p = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 0);
    p.update("fit", 0.5);
    String s = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(s.startsWith("\r[" + "=".repeat(15) + " ".repeat(15) + "]  50% fit"), s);
  }
}

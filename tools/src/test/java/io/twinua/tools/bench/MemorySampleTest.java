package io.twinua.tools.bench;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class MemorySampleTest {

  @Test
  void readsResidentAndPeakMemoryOfThisProcess() throws Exception {
    MemorySample sample = MemorySample.of(ProcessHandle.current().pid());
    assertTrue(sample.rssKb() > 1024, "a JVM uses more than 1 MB");
    assertTrue(sample.hwmKb() >= sample.rssKb(), "the peak is never below the current value");
  }

  @Test
  void saysSoWhenTheProcessIsGone() throws Exception {
    Process p = new ProcessBuilder("true").start();
    long pid = p.pid();
    p.waitFor();
    IOException e = assertThrows(IOException.class, () -> MemorySample.of(pid));
    assertTrue(e.getMessage().contains("has ended"), e.getMessage());
  }
}

package io.twinua.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The rule that sizes a station JVM by its project: base + per tag, each limit overridable. */
class MemorySettingsTest {

  @Test
  void heapAndDirectMemoryGrowWithTheTagsFromABaseTheRestIsFixed() {
    assertEquals(new MemorySettings.Limits(96, 128, 64, 512), MemorySettings.FOLLOW_PROJECT.limits(0));
    // the demo plant's 37 tags: 740 KB heap and 148 KB direct memory, rounded up to whole MB
    assertEquals(new MemorySettings.Limits(97, 128, 65, 512), MemorySettings.FOLLOW_PROJECT.limits(37));
    // the benchmark's 10,000 tags: 195.3 MB and 39.1 MB more
    assertEquals(new MemorySettings.Limits(292, 128, 104, 512), MemorySettings.FOLLOW_PROJECT.limits(10_000));
  }

  @Test
  void aGivenLimitIsKeptWhateverTheProjectSize() {
    MemorySettings s = new MemorySettings(OptionalInt.of(48), OptionalInt.of(96), OptionalInt.of(32), OptionalInt.of(256));
    assertEquals(new MemorySettings.Limits(48, 96, 32, 256), s.limits(10_000));
  }

  @Test
  void limitsOutOfRangeAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new MemorySettings(OptionalInt.of(16), OptionalInt.empty(),
        OptionalInt.empty(), OptionalInt.empty()));
    assertThrows(IllegalArgumentException.class, () -> new MemorySettings(OptionalInt.empty(), OptionalInt.empty(),
        OptionalInt.empty(), OptionalInt.of(64)));
  }

  @Test
  void theReadmeDocumentsTheRuleThatRuns() throws Exception {
    String doc = Files.readString(Path.of("..", "nodeset", "README.md"));
    assertDocumented(doc, "heapMb: .*# default " + MemorySettings.BASE_HEAP_MB + " MB \\+ "
        + MemorySettings.HEAP_KB_PER_TAG + " KB per tag");
    assertDocumented(doc, "metaspaceMb: .*# default " + MemorySettings.DEFAULT_METASPACE_MB + ",");
    assertDocumented(doc, "directMemoryMb: .*# default " + MemorySettings.BASE_DIRECT_MEMORY_MB + " MB \\+ "
        + MemorySettings.DIRECT_KB_PER_TAG + " KB per tag");
    assertDocumented(doc, "threadStackKb: .*# default " + MemorySettings.DEFAULT_THREAD_STACK_KB + ",");
  }

  private static void assertDocumented(String doc, String regex) {
    org.junit.jupiter.api.Assertions.assertTrue(java.util.regex.Pattern.compile(regex).matcher(doc).find(),
        "nodeset/README.md has no line matching: " + regex);
  }
}

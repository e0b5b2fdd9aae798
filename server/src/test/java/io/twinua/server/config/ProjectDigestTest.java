package io.twinua.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.nodeset.DemoPlantFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two stations with the same project (wherever it lives) get the same digest; any change shows. */
class ProjectDigestTest {

  @TempDir Path dir;

  private String digest(String station, String project) throws Exception {
    return ProjectDigest.of(ProjectLoader.load(ProjectFiles.write(dir.resolve(station), project)));
  }

  @Test
  void sameProjectInDifferentDirectoriesAndFormattingHasTheSameDigest() throws Exception {
    String a = digest("station-a", ProjectFiles.VALID);
    String reformatted =
        "# comments and key order do not matter\n"
            + ProjectFiles.VALID
                .replace("name: Small\nnamespaceUri: urn:twinua:demo-plant\n", "namespaceUri: urn:twinua:demo-plant   # the plant\nname: Small\n")
                .replace("  - name: AS2\n    endpointUrl: opc.tcp://127.0.0.1:4851\n",
                    "  - {endpointUrl: 'opc.tcp://127.0.0.1:4851', name: AS2, publishingIntervalMs: 100}\n");
    String b = digest("elsewhere/station-b", reformatted);
    assertEquals(a, b);
    assertEquals(64, a.length());
    assertTrue(a.matches("[0-9a-f]{64}"));
  }

  @Test
  void anyValueChangeChangesTheDigest() throws Exception {
    String base = digest("a", ProjectFiles.VALID);
    assertNotEquals(base, digest("b", ProjectFiles.VALID.replace("    high: 85\n", "    high: 86\n")));
    assertNotEquals(base, digest("c", ProjectFiles.VALID.replace("  allowAnonymous: false", "  allowAnonymous: true")));
    assertNotEquals(base, digest("d", ProjectFiles.VALID.replace("    synchronise: false\n    archive: true", "    synchronise: false\n    archive: false")));
    assertNotEquals(base, digest("e", ProjectFiles.VALID + "sync:\n  kinds: [values]\n"));
    assertEquals(base, digest("f", ProjectFiles.VALID + "sync:\n  window: all\n  kinds: [messages, values, userArchives, internalTags]\n"), "defaults");
  }

  @Test
  void nodeSetBytesAreIncluded() throws Exception {
    String base = digest("a", ProjectFiles.VALID);
    Path other = ProjectFiles.write(dir.resolve("b"), ProjectFiles.VALID);
    Path plant = other.resolveSibling("plant.xml");
    Files.writeString(plant, Files.readString(plant).replace("TwinUA demo water plant", "TwinUA demo water plant 2"));
    assertNotEquals(base, ProjectDigest.of(ProjectLoader.load(other)));
  }

  @Test
  void canonicalFormHasRelativePathsAndNoSourceFileName() throws Exception {
    ProjectConfig project = ProjectLoader.load(DemoPlantFiles.PROJECT);
    String canonical = ProjectDigest.canonical(project);
    assertTrue(canonical.contains("\"nodeSetFile\":\"plant.xml\""), canonical);
    assertFalse(canonical.contains("sourceFile"), canonical);
    assertTrue(canonical.contains("\"usersFile\":\"users.yaml\""), canonical);
    assertFalse(canonical.contains(project.sourceFile().getParent().toString()), canonical);
  }
}

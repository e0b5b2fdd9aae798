package io.twinua.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.config.ProjectConfig;
import io.twinua.server.config.ProjectLoader;
import io.twinua.server.config.ProjectValidator;
import io.twinua.server.config.StationConfig;
import io.twinua.server.config.StationLoader;
import io.twinua.server.config.TagMapping;
import io.twinua.server.nodeset.NodeSetLoader;
import io.twinua.server.nodeset.NodeSetModel;
import io.twinua.server.security.Role;
import io.twinua.server.security.UserDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated project passes the station's own loaders and checks, as a station would read it. */
class BenchProjectTest {

  @TempDir Path dir;

  @Test
  void generatedProjectLoadsAndMapsGeneratedTagsOfBothAs() throws Exception {
    BenchProject project = BenchProject.write(dir, 4999, List.of(
        new BenchProject.AsTags("AS1", "opc.tcp://127.0.0.1:4850", 0, 3),
        new BenchProject.AsTags("AS2", "opc.tcp://127.0.0.1:4851", 3, 2)), List.of("History"));

    StationConfig station = StationLoader.load(project.stationFile());
    assertEquals(BenchProject.STATION, station.name());
    assertEquals(4999, station.port());
    ProjectConfig config = ProjectLoader.load(station.projectFile());
    NodeSetModel model = NodeSetLoader.load(config.nodeSetFile());
    ProjectValidator.validate(config, model);

    assertFalse(config.security().allowSecurityPolicyNone());
    assertFalse(config.security().allowAnonymous());
    List<TagMapping> tags = config.tags();
    assertEquals(5, tags.size());
    assertTrue(tags.stream().allMatch(TagMapping::archive));
    assertEquals(new TagMapping("Bench.Gen.00000", "AS1", "ns=2;s=Gen.00000", true), tags.get(0));
    assertEquals(new TagMapping("Bench.Gen.00004", "AS2", "ns=2;s=Gen.00001", true), tags.get(4));
    assertEquals("Bench.History", config.internalTags().get(0).node());
    assertTrue(config.internalTags().get(0).archive());
    assertEquals(dir.resolve("station").resolve("archive").resolve("twinua.db"), project.archiveFile());

    UserDirectory users = UserDirectory.load(config.usersFile());
    assertEquals(1, users.size());
    assertEquals(Role.VIEWER, users.authenticate(BenchProject.VIEWER, project.viewerPassword()).orElseThrow());
    assertFalse(Files.readString(config.usersFile()).contains(new String(project.viewerPassword())),
        "only the hash is on disk");

    assertThrows(IOException.class, () -> BenchProject.write(dir, 4999, List.of(), List.of("History")),
        "refuses to overwrite an earlier bench");
  }
}

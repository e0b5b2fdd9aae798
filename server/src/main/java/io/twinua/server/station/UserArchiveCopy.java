package io.twinua.server.station;

import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.archive.ArchiveSettings;
import io.twinua.server.archive.UserArchiveDefinition;
import io.twinua.server.archive.UserArchives;
import io.twinua.server.archive.UserRecord;
import io.twinua.server.config.ProjectConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ObjIntConsumer;

/**
 * Copies the contents of a project's user archives from one station's archive to another's (the
 * project duplicator, issue 9 §4): the target's records of each archive are replaced by the
 * source's, modification stamps kept, so the two stations hold the same recipes and the next sync
 * finds nothing to do. The source may be running (it is read through a snapshot); the target must
 * not be (the caller holds its {@link DataDirLock}).
 */
public final class UserArchiveCopy {

  private static final String ARCHIVE = "archive";
  private static final String FILE = "twinua.db";

  private UserArchiveCopy() {}

  /**
   * @param project the project both stations run after the copy (its user archive definitions)
   * @param progress told each archive's name and record count once it is copied
   * @return records copied per user archive (tombstones included)
   */
  public static Map<String, Integer> copy(ProjectConfig project, Path sourceDataDir, Path targetDataDir,
      String targetStation, ObjIntConsumer<String> progress) throws IOException {
    List<UserArchiveDefinition> definitions = project.userArchives().stream().map(ProjectMapping::userArchive).toList();
    Map<String, Integer> copied = new LinkedHashMap<>();
    if (definitions.isEmpty()) {
      return copied;
    }
    Path source = sourceDataDir.resolve(ARCHIVE).resolve(FILE);
    Path target = targetDataDir.resolve(ARCHIVE).resolve(FILE);
    Files.createDirectories(target.getParent());
    Path snapshot = Files.createTempFile(target.getParent(), "duplicate-source-", ".db");
    Files.delete(snapshot); // VACUUM INTO wants to create the file itself
    try {
      Map<String, List<UserRecord>> records = new LinkedHashMap<>();
      if (Files.exists(source)) {
        ArchiveDatabase.snapshot(source, snapshot);
        try (ArchiveDatabase db = ArchiveDatabase.openWithoutDigests(snapshot, ArchiveSettings.defaults())) {
          UserArchives archives = UserArchives.open(db, definitions, "duplicator", Clock.systemUTC());
          for (UserArchiveDefinition d : definitions) {
            records.put(d.name(), archives.archive(d.name()).changesSince(Long.MIN_VALUE));
          }
        }
      } else {
        definitions.forEach(d -> records.put(d.name(), List.of()));
      }
      try (ArchiveDatabase db = ArchiveDatabase.open(target, project.archive())) {
        UserArchives archives = UserArchives.open(db, definitions, targetStation, Clock.systemUTC());
        for (var e : records.entrySet()) {
          archives.archive(e.getKey()).replaceAll(e.getValue());
          copied.put(e.getKey(), e.getValue().size());
          progress.accept(e.getKey(), e.getValue().size());
        }
      }
    } finally {
      for (String suffix : List.of("", "-wal", "-shm", ".lock")) {
        Files.deleteIfExists(snapshot.resolveSibling(snapshot.getFileName() + suffix));
      }
    }
    return copied;
  }
}

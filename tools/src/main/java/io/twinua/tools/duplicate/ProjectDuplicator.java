package io.twinua.tools.duplicate;

import io.twinua.server.config.ConfigException;
import io.twinua.server.config.ProjectConfig;
import io.twinua.server.config.ProjectLoader;
import io.twinua.server.config.StationConfig;
import io.twinua.server.station.DataDirLock;
import io.twinua.server.station.StationException;
import io.twinua.server.station.UserArchiveCopy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Copies a station's whole project to its partner station (issue 9 §4): the project directory
 * (project file, NodeSet, users and everything else in it, user archive definitions included) and
 * the contents of the user archives. What belongs to one computer stays apart and untouched: the
 * station files (name, ports, redundancy settings), the data directories with their PKI, archives
 * of process values and messages, and logs.
 *
 * <p>Refuses to copy onto the station itself, and while the target station runs (its data
 * directory is locked); with {@code configOnly} it then copies the project files only, which the
 * target uses from its next start.
 */
final class ProjectDuplicator {

  /** A refusal; its message names the problem. */
  static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  /** What was copied. */
  record Report(List<Path> files, Map<String, Integer> userRecords, boolean targetRunning) {}

  private final StationConfig from;
  private final StationConfig to;

  ProjectDuplicator(StationConfig from, StationConfig to) {
    this.from = from;
    this.to = to;
  }

  Report run(boolean configOnly, PrintWriter progress) throws Refused, IOException, ConfigException {
    refuseSelf();
    Path sourceProject = from.projectFile().getParent();
    Path targetProject = to.projectFile().getParent();
    List<Path> files = projectFiles(sourceProject);
    Optional<DataDirLock> lock = lock(to.dataDir());
    if (lock.isEmpty() && !configOnly) {
      throw new Refused("target station " + to.name() + " is running (its data directory " + to.dataDir()
          + " is locked): stop it first, or copy the configuration only with --config-only");
    }
    try {
      ProjectConfig project = ProjectLoader.load(from.projectFile());
      int userArchives = lock.isPresent() ? project.userArchives().size() : 0;
      ProgressBar bar = new ProgressBar(progress, files.size() + userArchives);
      List<Path> copied = new ArrayList<>();
      boolean sameDirectory = Files.isSameFile(sourceProject, targetProject);
      for (Path f : files) {
        Path relative = sourceProject.relativize(f);
        // the project file keeps the name the target's station file gives it
        Path target = f.equals(from.projectFile()) ? to.projectFile() : targetProject.resolve(relative);
        if (!sameDirectory || !f.equals(target)) {
          copy(f, target);
          copied.add(target);
        }
        bar.step(relative.toString());
      }
      Map<String, Integer> records = Map.of();
      if (lock.isPresent()) {
        records = UserArchiveCopy.copy(project, from.dataDir(), to.dataDir(), to.name(),
            (archive, n) -> bar.step("user archive " + archive + " (" + n + " records)"));
      }
      return new Report(copied, records, lock.isEmpty());
    } finally {
      if (lock.isPresent()) {
        lock.get().close();
      }
    }
  }

  private void refuseSelf() throws Refused, IOException {
    if (from.sourceFile().equals(to.sourceFile())) {
      throw new Refused("refusing to copy station " + from.name() + " onto itself (" + from.sourceFile()
          + " is both source and target)");
    }
    if (from.name().equals(to.name())) {
      throw new Refused("refusing to copy onto the station itself: source and target are both named " + from.name());
    }
    if (from.applicationUri().equals(to.applicationUri())) {
      throw new Refused("refusing to copy onto the station itself: source and target have the application URI "
          + from.applicationUri());
    }
    if (Files.exists(to.dataDir()) && Files.exists(from.dataDir()) && Files.isSameFile(from.dataDir(), to.dataDir())) {
      throw new Refused("refusing to copy onto the station itself: source and target use the data directory "
          + from.dataDir());
    }
  }

  /** Every file of the project directory, except anything of a station (station files, data dirs). */
  private List<Path> projectFiles(Path projectDir) throws IOException {
    List<Path> stationOwned = List.of(from.sourceFile(), to.sourceFile(), from.dataDir(), to.dataDir());
    try (Stream<Path> walk = Files.walk(projectDir)) {
      return walk.filter(Files::isRegularFile)
          .filter(f -> stationOwned.stream().noneMatch(f::startsWith))
          .sorted()
          .toList();
    }
  }

  /** The target's data directory lock, or empty if a running station holds it. */
  private static Optional<DataDirLock> lock(Path dataDir) throws IOException {
    try {
      return Optional.of(DataDirLock.acquire(dataDir));
    } catch (StationException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      return Optional.empty();
    }
  }

  /** Written next to the target and moved into place: a target never sees half a file. */
  private static void copy(Path source, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling(target.getFileName() + ".duplicate-tmp");
    Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}

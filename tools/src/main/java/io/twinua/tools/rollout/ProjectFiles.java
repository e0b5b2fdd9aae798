package io.twinua.tools.rollout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * How a changed project reaches a station's project directory during a rolling change: a plain
 * copy of every file of the new project directory over the station's (files the new project no
 * longer has stay). The one step to replace by the project duplicator once it exists.
 */
@FunctionalInterface
public interface ProjectFiles {

  /** Puts the files of {@code newProject} into {@code stationProjectDir}. */
  void copy(Path newProject, Path stationProjectDir) throws IOException;

  ProjectFiles PLAIN_COPY = (from, to) -> {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(from)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path f : files) {
      Path target = to.resolve(from.relativize(f).toString());
      Files.createDirectories(target.getParent());
      // via a temporary file: a station never reads a half-written project file
      Path tmp = target.resolveSibling(target.getFileName() + ".rollout-tmp");
      Files.copy(f, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  };
}

package io.twinua.server.nodeset;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A NodeSet file that cannot be used. The message names the file, the position and the problem,
 * e.g. {@code plant.xml:120:7: unknown DataType alias 'Dooble' on ns=1;s=Plant.X}.
 */
public class NodeSetException extends Exception {

  private final transient Path file;
  private final SourcePosition position;
  private final String problem;

  public NodeSetException(Path file, SourcePosition position, String problem) {
    super(format(file, position, problem));
    this.file = file;
    this.position = position;
    this.problem = problem;
  }

  public NodeSetException(Path file, SourcePosition position, String problem, Throwable cause) {
    this(file, position, problem);
    initCause(cause);
  }

  public Path file() {
    return file;
  }

  /** Empty for problems with the file as a whole (not found, unreadable). */
  public Optional<SourcePosition> position() {
    return Optional.ofNullable(position);
  }

  /** The problem alone, without file and position. */
  public String problem() {
    return problem;
  }

  private static String format(Path file, SourcePosition position, String problem) {
    return position == null ? file + ": " + problem : file + ":" + position + ": " + problem;
  }
}

package io.twinua.tools.rollout;

import io.twinua.server.config.ProjectConfig;
import io.twinua.server.config.ProjectDigest;
import io.twinua.server.config.ProjectLoader;
import io.twinua.server.config.StationConfig;
import io.twinua.server.redundancy.uanodes.SystemTags;
import io.twinua.tools.rollout.StationControl.RestartAnswer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;

/**
 * A rolling change (behaviour doc §10): applies a changed project to a running pair one station
 * at a time, so clients always have a server. The Standby first: its project files are replaced,
 * it restarts through its supervisor ({@code @Station.Restart}) and must come back as Standby,
 * running the new project, with no sync pending; then the roles switch ({@code @RM_MASTER} = 1
 * on it) and the other station, now Standby, goes the same way. Each step is checked and bounded
 * in time; the first that fails stops the change with a message saying where the pair stands. A
 * station is only restarted while its partner is Master, and the station itself refuses a restart
 * while its partner cannot serve (1012353), so the last serving station is never taken down.
 */
public final class Rollout {

  /** Opens an engineer session to a station (a new one each call: a restarted station needs a new session). */
  @FunctionalInterface
  public interface Login {
    OpcUaClient connect(StationConfig station) throws Exception;
  }

  static final int MASTER = 1;
  static final int STANDBY = 2;

  private final List<StationConfig> stations;
  private final Path newProject;
  private final Login login;
  private final ProjectFiles files;
  private final Duration stepTimeout;
  private final PrintStream out;
  private final java.util.Map<String, String> namespaces = new java.util.concurrent.ConcurrentHashMap<>();
  /** One engineer session per station, opened again when the station stopped answering. */
  private final java.util.Map<String, OpcUaClient> sessions = new java.util.HashMap<>();

  public Rollout(List<StationConfig> stations, Path newProject, Login login, ProjectFiles files, Duration stepTimeout,
      PrintStream out) {
    if (stations.size() != 2) {
      throw new IllegalArgumentException("a rolling change needs the two station files of the pair");
    }
    this.stations = List.copyOf(stations);
    this.newProject = newProject;
    this.login = login;
    this.files = files;
    this.stepTimeout = stepTimeout;
    this.out = out;
  }

  /** Runs the change; returns the new project's digest that both stations now run. */
  public String run() throws RolloutException {
    try {
      return change();
    } finally {
      sessions.values().forEach(OpcUaClient::disconnectAsync);
      sessions.clear();
    }
  }

  private String change() throws RolloutException {
    String digest = checkNewProject();
    for (StationConfig s : stations) {
      try {
        namespace(s);
      } catch (Exception e) {
        throw new RolloutException("the project of " + s.name() + " does not load: " + e.getMessage(), e);
      }
    }
    StationConfig first = null;
    StationConfig second = null;
    for (StationConfig s : stations) {
      int role = roleNow(s);
      if (role == STANDBY) {
        first = s;
      } else if (role == MASTER) {
        second = s;
      }
    }
    if (first == null || second == null) {
      throw new RolloutException("the pair must run with one Master and one Standby before a rolling change; it has "
          + describe(stations.get(0)) + " and " + describe(stations.get(1)) + ": nothing was changed");
    }
    step("1/3 " + first.name() + " (Standby) gets project " + digest);
    apply(first, second, digest);
    step("2/3 switch: " + first.name() + " takes over as Master");
    takeOver(first, second);
    step("3/3 " + second.name() + " (now Standby) gets project " + digest);
    apply(second, first, digest);
    step("done: " + first.name() + " Master and " + second.name() + " Standby both run project " + digest);
    return digest;
  }

  /** The new project must load here before any station sees it. */
  private String checkNewProject() throws RolloutException {
    for (StationConfig s : stations) {
      Path projectDir = s.projectFile().getParent();
      if (!Files.isRegularFile(newProject.resolve(s.projectFile().getFileName()))) {
        throw new RolloutException("new project " + newProject + " has no " + s.projectFile().getFileName()
            + " (the project file of " + s.name() + "): nothing was changed");
      }
      if (sameDir(projectDir, newProject)) {
        throw new RolloutException("new project " + newProject + " is the project directory of " + s.name()
            + ": give the changed project in a directory of its own; nothing was changed");
      }
    }
    if (sameDir(stations.get(0).projectFile().getParent(), stations.get(1).projectFile().getParent())) {
      throw new RolloutException("both stations run the project of " + stations.get(0).projectFile().getParent()
          + ": changing it would change both at once; give each station its own project directory (twinua duplicate)"
          + "; nothing was changed");
    }
    try {
      ProjectConfig project = ProjectLoader.load(newProject.resolve(stations.get(0).projectFile().getFileName()));
      return ProjectDigest.of(project);
    } catch (Exception e) {
      throw new RolloutException("new project " + newProject + " does not load: " + e.getMessage()
          + "; nothing was changed", e);
    }
  }

  /** Replaces {@code target}'s project, restarts it and waits until it is back as Standby on the new project. */
  private void apply(StationConfig target, StationConfig partner, String digest) throws RolloutException {
    if (roleNow(partner) != MASTER || roleNow(target) != STANDBY) {
      throw new RolloutException("before restarting " + target.name() + ": " + describe(target) + ", "
          + describe(partner) + "; a station is only restarted while its partner is Master");
    }
    Path projectDir = target.projectFile().getParent();
    Path backup = projectDir.resolveSibling(projectDir.getFileName() + ".before-rollout");
    try {
      ProjectFiles.PLAIN_COPY.copy(projectDir, backup);
      files.copy(newProject, projectDir);
    } catch (Exception e) {
      throw new RolloutException("copying the project to " + projectDir + " failed: " + e.getMessage()
          + "; " + target.name() + " still runs its old project (old files kept in " + backup + ")", e);
    }
    out.println("  project files copied to " + projectDir + " (previous files in " + backup + ")");
    OpcUaClient before = session(target);
    try {
      RestartAnswer answer = new StationControl(before, namespace(target)).restart("rolling change to project " + digest);
      out.println("  " + target.name() + ": " + answer.message());
      if (!answer.accepted()) {
        files.copy(backup, projectDir);
        throw new RolloutException(target.name() + " refused the restart: " + answer.message()
            + "; its old project files are back, the pair runs as before");
      }
      await(target.name() + " stops for its restart", () -> !answers(before));
    } catch (RolloutException e) {
      throw e;
    } catch (Exception e) {
      throw new RolloutException("restarting " + target.name() + " failed: " + e.getMessage()
          + "; its project files are already the new ones", e);
    } finally {
      drop(target); // its session ended with the old station JVM
    }
    await(target.name() + " back as Standby on project " + digest + " with no sync pending", () -> {
      OpcUaClient c = tryConnect(target);
      return c != null && digest.equals(new StationControl(c, namespace(target)).projectDigest())
          && role(c, target) == STANDBY && Boolean.FALSE.equals(tag(c, target, SystemTags.RM_SYNC_PENDING));
    });
    out.println("  " + target.name() + " is back: Standby, project " + digest + ", in sync");
  }

  private void takeOver(StationConfig standby, StationConfig master) throws RolloutException {
    OpcUaClient c = session(standby);
    try {
      var status = c.writeValues(List.of(new NodeId(ns(c, standby), SystemTags.RM_MASTER)),
          List.of(DataValue.valueOnly(new Variant(1)))).get(0); // Int32
      if (!status.isGood()) {
        throw new RolloutException("writing @RM_MASTER = 1 on " + standby.name() + " was refused (" + status
            + "); " + standby.name() + " runs the new project as Standby, " + master.name()
            + " the old one as Master");
      }
    } catch (RolloutException e) {
      throw e;
    } catch (Exception e) {
      throw new RolloutException("switching roles failed: " + e.getMessage(), e);
    }
    await(standby.name() + " Master and " + master.name() + " Standby",
        () -> roleNow(standby) == MASTER && roleNow(master) == STANDBY);
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private void await(String what, Condition condition) throws RolloutException {
    long deadline = System.nanoTime() + stepTimeout.toNanos();
    out.println("  waiting until " + what + " (at most " + stepTimeout.toSeconds() + " s)");
    while (true) {
      try {
        if (condition.holds()) {
          return;
        }
      } catch (Exception e) {
        // not yet: the station may be restarting
      }
      if (System.nanoTime() > deadline) {
        throw new RolloutException("timed out after " + stepTimeout.toSeconds() + " s waiting until " + what
            + "; " + describe(stations.get(0)) + ", " + describe(stations.get(1)));
      }
      try {
        Thread.sleep(500); // polling period of the step, bounded by the step timeout
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RolloutException("interrupted waiting until " + what);
      }
    }
  }

  private void step(String text) {
    out.println("rollout: " + text);
  }

  /** The station's engineer session: the open one while the station answers, else a new one. */
  private OpcUaClient session(StationConfig s) throws RolloutException {
    OpcUaClient c = sessions.get(s.name());
    if (c != null && answers(c)) {
      return c;
    }
    drop(s);
    try {
      c = login.connect(s);
    } catch (Exception e) {
      throw new RolloutException("cannot log in to " + s.name() + ": " + e.getMessage(), e);
    }
    sessions.put(s.name(), c);
    return c;
  }

  private void drop(StationConfig s) {
    OpcUaClient c = sessions.remove(s.name());
    if (c != null) {
      c.disconnectAsync();
    }
  }

  private OpcUaClient tryConnect(StationConfig s) {
    try {
      return session(s);
    } catch (RolloutException e) {
      return null;
    }
  }

  /** The station's role now, -1 when it does not answer. */
  private int roleNow(StationConfig s) {
    OpcUaClient c = tryConnect(s);
    return c == null ? -1 : role(c, s);
  }

  private String describe(StationConfig s) {
    int role = roleNow(s);
    String text = switch (role) {
      case -1 -> "not reachable";
      case 0 -> "undefined";
      case MASTER -> "Master";
      case STANDBY -> "Standby";
      case 3 -> "Fault";
      case 4 -> "Standalone";
      default -> "role " + role;
    };
    return s.name() + " " + text;
  }

  private static boolean answers(OpcUaClient c) {
    try {
      return c.readValue(0, TimestampsToReturn.Neither,
          org.eclipse.milo.opcua.stack.core.NodeIds.Server_ServerStatus_State).statusCode().isGood();
    } catch (Exception e) {
      return false;
    }
  }

  /** {@code @RedundantServerState}: 0 undefined, 1 master, 2 standby, 3 fault, 4 standalone; -1 unreadable. */
  private int role(OpcUaClient c, StationConfig s) {
    try {
      return tag(c, s, SystemTags.REDUNDANT_SERVER_STATE) instanceof Number n ? n.intValue() : -1;
    } catch (Exception e) {
      return -1;
    }
  }

  private Object tag(OpcUaClient c, StationConfig s, String tag) throws Exception {
    DataValue v = c.readValue(0, TimestampsToReturn.Neither, new NodeId(ns(c, s), tag));
    return v.statusCode().isGood() ? v.value().value() : null;
  }

  private int ns(OpcUaClient c, StationConfig s) throws Exception {
    var index = c.getNamespaceTable().getIndex(namespace(s));
    return Objects.requireNonNull(index, "no plant namespace on " + s.name()).intValue();
  }

  /** The plant namespace of the project {@code s} ran when the change began (read once). */
  private String namespace(StationConfig s) throws Exception {
    String uri = namespaces.get(s.name());
    if (uri == null) {
      uri = ProjectLoader.load(s.projectFile()).namespaceUri();
      namespaces.put(s.name(), uri);
    }
    return uri;
  }

  private static boolean sameDir(Path a, Path b) {
    return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
  }
}

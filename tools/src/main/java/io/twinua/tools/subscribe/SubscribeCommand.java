package io.twinua.tools.subscribe;

import io.twinua.switcher.FailoverMode;
import io.twinua.switcher.Preference;
import io.twinua.switcher.RedundantClient;
import io.twinua.switcher.SwitcherConfig;
import io.twinua.switcher.discovery.Connector;
import io.twinua.switcher.discovery.ServerAccess;
import io.twinua.switcher.discovery.ServerTrust;
import io.twinua.tools.login.ClientLogin;
import io.twinua.tools.login.StopRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinua subscribe}: the client-switcher library on the command line. Subscribes the given
 * nodes on a redundant server set, follows the preferred server, and prints every value (live and
 * backfilled from history after a switch) and every switch.
 */
@Command(
    name = "subscribe",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Subscribe nodes of a redundant OPC UA server set through the client switcher.",
      "Prints every value exactly once across server switches (the gap is read from the new server's history) and every switch.",
      "Exit codes: 0 done (--duration or Ctrl-C), 1 no server of the set reachable or a file unreadable, 2 usage."
    })
public final class SubscribeCommand implements Callable<Integer> {

  @Option(names = "--endpoint", required = true, paramLabel = "URL",
      description = "an endpoint URL of a server of the set (repeat for each server)")
  List<String> endpoints = new ArrayList<>();

  @Option(names = "--prefer", defaultValue = "none", paramLabel = "master|standby|none|NAME",
      description = "the server to use: master, standby, none (stay while healthy) or one server by its"
          + " application URI or the last part of it (a station name such as STATION-A); default ${DEFAULT-VALUE}")
  String prefer;

  @Option(names = "--mode", defaultValue = "cold", paramLabel = "cold|warm|hot",
      description = "failover mode (OPC UA Part 4 6.6.2.4); default ${DEFAULT-VALUE}")
  String mode;

  @Option(names = "--node", required = true, paramLabel = "NODE",
      description = "a node to subscribe, 'nsu=<namespace uri>;s=<id>' or 'ns=2;s=<id>' (repeatable)")
  List<String> nodes = new ArrayList<>();

  @CommandLine.Mixin ClientLogin login;

  @Option(names = "--duration", converter = DurationText.class, paramLabel = "TIME",
      description = "stop after this time (e.g. 60s, 5m); default: until Ctrl-C")
  Duration duration;

  @Option(names = "--connect-timeout", defaultValue = "10s", converter = DurationText.class, paramLabel = "TIME",
      description = "give up when no server of the set is reachable within this time; default ${DEFAULT-VALUE}")
  Duration connectTimeout;

  @Option(names = "--hold-off", defaultValue = "5s", converter = DurationText.class, paramLabel = "TIME",
      description = "how long the preferred server must stay healthy before switching back; default ${DEFAULT-VALUE}")
  Duration holdOff;

  @Option(names = "--log-level", defaultValue = "warn", paramLabel = "LEVEL",
      description = "log level of the library's log on stderr (error, warn, info, debug); default ${DEFAULT-VALUE}")
  String logLevel;

  @Option(names = "--json", description = "one JSON object per line (values and switches) instead of the live view")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final StopRequest stop = new StopRequest();

  /** Ends the subscription now, as Ctrl-C does; returns once the sessions are closed (at most a few seconds). */
  public void requestStop() {
    stop.requestAndWait(Duration.ofSeconds(15));
  }

  @Override
  public Integer call() throws Exception {
    var err = spec.commandLine().getErr();
    StderrLogging.use(logLevel);
    try {
      return run(new OutputLines(spec.commandLine().getOut(), json));
    } catch (Problem p) {
      err.println("twinua subscribe: " + p.getMessage());
      err.flush();
      return 1;
    } finally {
      stop.done();
    }
  }

  private int run(OutputLines out) throws Exception {
    FailoverMode failoverMode = parseMode();
    ServerAccess access;
    try {
      access = login.access();
    } catch (ClientLogin.Problem p) {
      throw new Problem(p.getMessage());
    }
    try (ServerTrust trust = login.trust()) {
      SwitcherConfig probe = config(Preference.none(), failoverMode, access, trust);
      Preference preference = PreferenceText.resolve(prefer, probe, connectTimeout);
      Thread ctrlC = new Thread(this::requestStop, "twinua-subscribe-stop");
      Runtime.getRuntime().addShutdownHook(ctrlC);
      try (RedundantClient client = RedundantClient.create(config(preference, failoverMode, access, trust))) {
        client.addSwitchListener(out::switched);
        String first;
        try {
          first = client.start(connectTimeout).get();
        } catch (ExecutionException e) {
          throw new Problem("no server of " + endpoints + " reachable within " + text(connectTimeout) + detail(e.getCause()));
        }
        out.note("connected to " + first + " (prefer " + preference + ", " + failoverMode + "); "
            + (duration == null ? "Ctrl-C ends" : "ends in " + text(duration)));
        try (AutoCloseable subscription = client.subscribe(nodes, s -> out.value(s.node(), s))) {
          if (duration == null) {
            stop.await();
          } else {
            stop.await(duration);
          }
        }
      } finally {
        removeHook(ctrlC);
      }
    }
    return 0;
  }

  private SwitcherConfig config(Preference preference, FailoverMode failoverMode, ServerAccess access, ServerTrust trust) {
    return SwitcherConfig.create(b -> {
      endpoints.forEach(b::url);
      b.preference(preference).mode(failoverMode).defaultAccess(access).trust(trust).holdOff(holdOff);
    });
  }

  private FailoverMode parseMode() {
    try {
      return FailoverMode.valueOf(mode.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--mode must be cold, warm or hot, not '" + mode + "'");
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down (Ctrl-C): the hook is running
    }
  }

  /** What went wrong beyond "no server answered", in parentheses, or nothing. */
  static String detail(Throwable cause) {
    String text = Connector.describe(cause);
    return text.contains("no server of") ? "" : " (" + text + ")";
  }

  static String text(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  /** A failure the user can act on: printed as one line, exit code 1. */
  public static final class Problem extends Exception {
    Problem(String message) {
      super(message);
    }
  }
}

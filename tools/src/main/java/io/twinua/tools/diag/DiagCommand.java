package io.twinua.tools.diag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twinua.switcher.discovery.Connector;
import io.twinua.switcher.discovery.ServerAccess;
import io.twinua.switcher.discovery.ServerTrust;
import io.twinua.tools.login.ClientLogin;
import io.twinua.tools.login.StopRequest;
import io.twinua.tools.subscribe.StderrLogging;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinua diag}: the diagnostics of the pair's stations side by side (redundancy-behaviour
 * §8), read from each station's {@code Objects/@Diagnostics/Json}; live with {@code --watch}, one
 * JSON object {@code {"stations":[...]}} per line with {@code --json}.
 */
@Command(
    name = "diag",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Show the diagnostics of TwinUA stations side by side: roles, partner, links, AS connections, clients, health, sync.",
      "Exit codes: 0 every station answered (always 0 with --watch, ended by Ctrl-C), 1 a station could not be read"
          + " (its entry says why), 2 usage."
    })
public final class DiagCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLEAR_SCREEN = "\033[H\033[2J";

  @Option(names = "--endpoint", required = true, paramLabel = "URL",
      description = "a station's endpoint URL (repeat for the partner)")
  List<String> endpoints = new ArrayList<>();

  @Option(names = "--json", description = "print {\"stations\":[...]} on one line (with --watch: one line per refresh)")
  boolean json;

  @Option(names = "--watch", description = "refresh every second until Ctrl-C")
  boolean watch;

  @Option(names = "--log-level", defaultValue = "error", paramLabel = "LEVEL",
      description = "log level of the client library on stderr; default ${DEFAULT-VALUE}")
  String logLevel;

  @CommandLine.Mixin ClientLogin login;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final StopRequest stop = new StopRequest();

  /** Ends --watch as Ctrl-C does; returns once the sessions are closed. */
  public void requestStop() {
    stop.requestAndWait(Duration.ofSeconds(10));
  }

  @Override
  public Integer call() throws Exception {
    StderrLogging.use(logLevel);
    PrintWriter out = spec.commandLine().getOut();
    try {
      ServerAccess access = login.access();
      try (ServerTrust trust = login.trust()) {
        var connector = new Connector(new Connector.Settings("urn:twinua:client-switcher", "TwinUA diag",
            Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(30)),
            uri -> access, trust);
        List<StationDiagReader> readers = endpoints.stream().map(u -> new StationDiagReader(u, connector)).toList();
        Thread ctrlC = new Thread(this::requestStop, "twinua-diag-stop");
        if (watch) {
          Runtime.getRuntime().addShutdownHook(ctrlC);
        }
        try {
          int code;
          do {
            List<JsonNode> stations = new ArrayList<>();
            readers.forEach(r -> stations.add(r.read()));
            print(out, stations);
            code = stations.stream().anyMatch(s -> s.has("error")) ? 1 : 0;
          } while (watch && !stop.await(Duration.ofSeconds(1)));
          return watch ? 0 : code;
        } finally {
          readers.forEach(StationDiagReader::close);
          if (watch) {
            removeHook(ctrlC);
          }
        }
      }
    } catch (ClientLogin.Problem p) {
      spec.commandLine().getErr().println("twinua diag: " + p.getMessage());
      return 1;
    } finally {
      stop.done();
    }
  }

  private void print(PrintWriter out, List<JsonNode> stations) {
    if (json) {
      ObjectNode all = JSON.createObjectNode();
      all.putArray("stations").addAll(stations);
      out.println(all.toString());
    } else {
      out.print((watch ? CLEAR_SCREEN : "") + DiagTable.render(stations));
    }
    out.flush();
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down (Ctrl-C): the hook is running
    }
  }
}

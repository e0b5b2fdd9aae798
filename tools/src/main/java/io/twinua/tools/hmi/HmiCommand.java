package io.twinua.tools.hmi;

import io.twinua.switcher.Preference;
import io.twinua.switcher.SwitcherConfig;
import io.twinua.switcher.discovery.Connector;
import io.twinua.switcher.discovery.ServerAccess;
import io.twinua.switcher.discovery.ServerTrust;
import io.twinua.tools.login.ClientLogin;
import io.twinua.tools.login.StopRequest;
import io.twinua.tools.subscribe.DurationText;
import io.twinua.tools.subscribe.PreferenceText;
import io.twinua.tools.subscribe.SubscribeCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.twinua.switcher.discovery.ServerSet;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinua hmi}: a small operator station in the browser, built on the client switcher.
 * Shows the plant live across server switches; logins go to the stations as UserName sessions.
 */
@Command(
    name = "hmi",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Serve a web HMI of a redundant OPC UA server set: live plant values, alarms with acknowledge, trends, setpoints,"
          + " the servers with their roles and the switch history, and a manual switch.",
      "Logins (operator or higher to acknowledge and write) need --client-p12: they go to the stations over SignAndEncrypt.",
      "Exit codes: 0 stopped (Ctrl-C), 1 no server of the set reachable or a file unreadable, 2 usage."
    })
public final class HmiCommand implements Callable<Integer> {

  @Option(names = "--endpoint", required = true, paramLabel = "URL",
      description = "an endpoint URL of a server of the set (repeat for each server)")
  List<String> endpoints = new ArrayList<>();

  @Option(names = "--prefer", defaultValue = "master", paramLabel = "master|standby|none|NAME",
      description = "the server to use: master, standby, none, or one station (application URI or its last part,"
          + " e.g. STATION-A); default ${DEFAULT-VALUE}")
  String prefer;

  @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "web port; default ${DEFAULT-VALUE}")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
      description = "web address; only loopback (plain HTTP would carry logins in clear); default ${DEFAULT-VALUE}")
  String bind;

  @CommandLine.Mixin ClientLogin login;

  @Option(names = "--connect-timeout", defaultValue = "30s", converter = DurationText.class, paramLabel = "TIME",
      description = "give up when no server of the set is reachable within this time; default ${DEFAULT-VALUE}")
  Duration connectTimeout;

  @Option(names = "--hold-off", defaultValue = "5s", converter = DurationText.class, paramLabel = "TIME",
      description = "how long the preferred server must stay healthy before the HMI returns to it; default ${DEFAULT-VALUE}")
  Duration holdOff;

  @Option(names = "--session-idle", defaultValue = "30m", converter = DurationText.class, paramLabel = "TIME",
      description = "a login unused this long ends; default ${DEFAULT-VALUE}")
  Duration sessionIdle;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final StopRequest stop = new StopRequest();

  /** Stops the HMI, as Ctrl-C does. */
  public void requestStop() {
    stop.requestAndWait(Duration.ofSeconds(15));
  }

  @Override
  public Integer call() throws Exception {
    var err = spec.commandLine().getErr();
    try {
      HmiServer.requireLoopback(bind);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    try (ServerTrust trust = login.trust()) {
      HmiSettings settings = settings(trust);
      Thread ctrlC = new Thread(this::requestStop, "twinua-hmi-stop");
      Runtime.getRuntime().addShutdownHook(ctrlC);
      try (HmiServer hmi = HmiServer.start(settings, connectTimeout)) {
        spec.commandLine().getOut().println("web HMI at " + hmi.url() + " (Ctrl-C stops it)");
        spec.commandLine().getOut().flush();
        try {
          hmi.feedStarted().get();
        } catch (ExecutionException e) {
          err.println("twinua hmi: no server of " + endpoints + " reachable within " + connectTimeout.toSeconds() + "s ("
              + Connector.describe(e.getCause()) + ")");
          return 1;
        }
        stop.await();
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(ctrlC);
        } catch (IllegalStateException e) {
          // shutting down: the hook is running
        }
      }
    } catch (ClientLogin.Problem | SubscribeCommand.Problem p) {
      err.println("twinua hmi: " + p.getMessage());
      return 1;
    } finally {
      stop.done();
    }
    return 0;
  }

  /**
   * Waits until a server of the set answers (at most the connect timeout): {@code twinua demo}
   * starts the HMI together with the stations, and the switcher gives up at once when none answers.
   */
  private void awaitSet(SwitcherConfig probe) throws ClientLogin.Problem {
    long deadline = System.nanoTime() + connectTimeout.toNanos();
    var connector = new Connector(probe.connection(), probe::accessFor, probe.trust());
    while (true) {
      try {
        ServerSet.discover(probe.urls(), connector).get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException | TimeoutException e) {
        if (System.nanoTime() > deadline) {
          throw new ClientLogin.Problem("no server of " + endpoints + " reachable within " + connectTimeout.toSeconds()
              + "s (" + Connector.describe(e instanceof ExecutionException ? e.getCause() : e) + ")");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClientLogin.Problem("interrupted while waiting for the server set");
      }
      try {
        Thread.sleep(1000); // the next try: a station may still be starting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClientLogin.Problem("interrupted while waiting for the server set");
      }
    }
  }

  private HmiSettings settings(ServerTrust trust) throws ClientLogin.Problem, SubscribeCommand.Problem {
    ServerAccess given = login.access();
    // the shared feed reads anonymously over None unless a (viewer) user is given for it; the
    // client certificate is for the users' logins
    ServerAccess feed = given.user().isPresent() ? given : ServerAccess.anonymousInsecure();
    Connector.Settings d = Connector.Settings.defaults();
    String uri = given.certificate().flatMap(c -> CertificateUtil.getSanUri(c.certificate())).orElse("urn:twinua:hmi");
    // a SignAndEncrypt session costs RSA work on both sides: room for a busy station
    var connection = new Connector.Settings(uri, "TwinUA web HMI", Duration.ofSeconds(10), Duration.ofSeconds(5),
        d.keepAliveInterval(), d.sessionTimeout());
    SwitcherConfig probe = SwitcherConfig.create(b -> {
      endpoints.forEach(b::url);
      b.defaultAccess(feed).trust(trust).connection(connection);
    });
    awaitSet(probe);
    Preference preference = PreferenceText.resolve(prefer, probe, connectTimeout);
    return new HmiSettings(endpoints, preference, feed, given.certificate(), trust, connection, bind, port, holdOff, sessionIdle);
  }
}

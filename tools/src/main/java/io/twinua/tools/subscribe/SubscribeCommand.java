package io.twinua.tools.subscribe;

import io.twinua.switcher.FailoverMode;
import io.twinua.switcher.Preference;
import io.twinua.switcher.RedundantClient;
import io.twinua.switcher.SwitcherConfig;
import io.twinua.switcher.discovery.ClientCertificate;
import io.twinua.switcher.discovery.Connector;
import io.twinua.switcher.discovery.ServerAccess;
import io.twinua.switcher.discovery.ServerTrust;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
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

  @Option(names = "--user", paramLabel = "NAME", description = "log in as this user (default: anonymous)")
  String user;

  @Option(names = "--password-file", paramLabel = "FILE", description = "the user's password: the first line of FILE")
  Path passwordFile;

  @Option(names = "--client-p12", paramLabel = "FILE",
      description = "client certificate (PKCS#12 from 'twinua certs client'); with it the session is"
          + " SignAndEncrypt, without it SecurityPolicy None (read-only on TwinUA stations)")
  Path clientP12;

  @Option(names = "--client-p12-password-file", paramLabel = "FILE",
      description = "password of --client-p12 (default: FILE.password next to it)")
  Path clientP12PasswordFile;

  @Option(names = "--pki", paramLabel = "DIR",
      description = "trusted server certificates and CAs (trusted/, issuers/, rejected/) for --client-p12")
  Path pki;

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

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);

  /** Ends the subscription now, as Ctrl-C does; returns once the sessions are closed (at most a few seconds). */
  public void requestStop() {
    stop.countDown();
    try {
      stopped.await(15, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
      stopped.countDown();
    }
  }

  private int run(OutputLines out) throws Exception {
    FailoverMode failoverMode = parseMode();
    ServerAccess access = access();
    try (ServerTrust trust = clientP12 != null ? ServerTrust.pkiDirectory(pkiDir()) : ServerTrust.trustEveryServer()) {
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
            stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
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

  private ServerAccess access() throws Problem {
    if ((user == null) != (passwordFile == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--user and --password-file go together");
    }
    ServerAccess access = ServerAccess.anonymousInsecure();
    if (user != null) {
      access = access.withUser(user, firstLine(passwordFile));
    }
    if (clientP12 != null) {
      Path pw = clientP12PasswordFile != null ? clientP12PasswordFile : Path.of(clientP12 + ".password");
      String alias = clientP12.getFileName().toString().replaceFirst("\\.p12$", "");
      try {
        access = access.withSecurity(ClientCertificate.fromKeyStore(clientP12, alias, firstLine(pw).toCharArray()),
            SecurityPolicy.Basic256Sha256, SecurityPolicy.Aes256_Sha256_RsaPss, SecurityPolicy.Aes128_Sha256_RsaOaep);
      } catch (IOException e) {
        throw new Problem("client certificate " + e.getMessage());
      }
    }
    return access;
  }

  private Path pkiDir() {
    if (pki == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--client-p12 needs --pki DIR with the trusted server certificates or CA");
    }
    return pki;
  }

  private static String firstLine(Path file) throws Problem {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.isEmpty() || lines.get(0).isEmpty()) {
        throw new Problem(file + " is empty");
      }
      return lines.get(0);
    } catch (IOException e) {
      throw new Problem("cannot read " + file + ": " + e);
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
  static final class Problem extends Exception {
    Problem(String message) {
      super(message);
    }
  }
}

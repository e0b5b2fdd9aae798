package io.twinua.switcher;

import io.twinua.switcher.discovery.Connector;
import io.twinua.switcher.discovery.ServerAccess;
import io.twinua.switcher.discovery.ServerTrust;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Everything a {@link RedundantClient} needs, immutable. Defaults aim at detection well under a
 * second on a LAN; every timeout can be changed.
 *
 * @param urls endpoint URLs to discover the server set from (at least one)
 * @param preference which server to prefer
 * @param mode what the data subscriptions keep on the backup servers
 * @param access how to reach a server by its application URI ({@link #defaultAccess} if absent)
 * @param trust how server certificates are checked (the caller closes it)
 * @param connection client identity and Milo session timeouts
 * @param pollInterval period of the keep-alive read of ServiceLevel and ServerState
 * @param pollTimeout bound of one keep-alive read
 * @param pollFailuresAllowed failed reads in a row tolerated before the server counts as lost
 * @param retryInterval wait before reconnecting to a lost server
 * @param holdOff how long a preferred server must be Healthy before the client returns to it
 * @param publishingInterval of the data subscription (its keep-alive is a few of these)
 * @param samplingInterval of each data item (0: as fast as the server can)
 * @param queueSize of each data item on the server
 * @param subscriptionKeepAlive the data subscription's keep-alive: its watchdog fires after 1.5x
 *     of it without a message, and the server drops it after 5x without a publish request (which
 *     ends subscriptions left in a session the client lost)
 * @param processFaultNode optional: a variable each server publishes about its own process
 *     connection (node id as text, read with the keep-alive); true or non-zero means a fault, and
 *     the switcher then treats the server as not Healthy and moves to a healthy one. Empty: off.
 *     TwinUA stations need none: a defective PLC connection lowers their ServiceLevel into the
 *     Degraded sub-range, which the switcher already leaves.
 */
public record SwitcherConfig(
    List<String> urls,
    Preference preference,
    FailoverMode mode,
    Map<String, ServerAccess> access,
    ServerAccess defaultAccess,
    ServerTrust trust,
    Connector.Settings connection,
    Duration pollInterval,
    Duration pollTimeout,
    int pollFailuresAllowed,
    Duration retryInterval,
    Duration holdOff,
    Duration publishingInterval,
    Duration samplingInterval,
    int queueSize,
    Duration subscriptionKeepAlive,
    java.util.Optional<String> processFaultNode) {

  /** Without a process-fault node (the form before that option existed). */
  public SwitcherConfig(List<String> urls, Preference preference, FailoverMode mode, Map<String, ServerAccess> access,
      ServerAccess defaultAccess, ServerTrust trust, Connector.Settings connection, Duration pollInterval,
      Duration pollTimeout, int pollFailuresAllowed, Duration retryInterval, Duration holdOff,
      Duration publishingInterval, Duration samplingInterval, int queueSize, Duration subscriptionKeepAlive) {
    this(urls, preference, mode, access, defaultAccess, trust, connection, pollInterval, pollTimeout,
        pollFailuresAllowed, retryInterval, holdOff, publishingInterval, samplingInterval, queueSize,
        subscriptionKeepAlive, java.util.Optional.empty());
  }

  public SwitcherConfig {
    urls = List.copyOf(urls);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("no endpoint URL given");
    }
    Objects.requireNonNull(preference, "preference");
    Objects.requireNonNull(mode, "mode");
    access = Map.copyOf(access);
    Objects.requireNonNull(defaultAccess, "defaultAccess");
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(connection, "connection");
    processFaultNode.ifPresent(org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId::parse);
    for (Duration d : List.of(pollInterval, pollTimeout, retryInterval, publishingInterval, subscriptionKeepAlive)) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("intervals and timeouts must be positive: " + d);
      }
    }
    if (holdOff.isNegative() || samplingInterval.isNegative()) {
      throw new IllegalArgumentException("holdOff and samplingInterval must not be negative");
    }
    if (pollFailuresAllowed < 0 || queueSize < 1) {
      throw new IllegalArgumentException("pollFailuresAllowed must be >= 0 and queueSize >= 1");
    }
  }

  public static SwitcherConfig create(Consumer<Builder> configure) {
    var b = new Builder();
    configure.accept(b);
    return b.build();
  }

  public ServerAccess accessFor(String serverUri) {
    return access.getOrDefault(serverUri, defaultAccess);
  }

  public static final class Builder {
    private final List<String> urls = new ArrayList<>();
    private Preference preference = Preference.none();
    private FailoverMode mode = FailoverMode.COLD;
    private final Map<String, ServerAccess> access = new HashMap<>();
    private ServerAccess defaultAccess = ServerAccess.anonymousInsecure();
    private ServerTrust trust;
    private Connector.Settings connection = Connector.Settings.defaults();
    // a silent cut is noticed after at most interval + 2 x timeout (one failed read is retried at
    // once): 0.8 s, under the 1 s the pair's ServiceLevel needs to show a dead Master
    private Duration pollInterval = Duration.ofMillis(100);
    private Duration pollTimeout = Duration.ofMillis(350);
    private int pollFailuresAllowed = 1;
    private Duration retryInterval = Duration.ofMillis(500);
    private Duration holdOff = Duration.ofSeconds(5);
    private Duration publishingInterval = Duration.ofMillis(100);
    private Duration samplingInterval = Duration.ZERO;
    private int queueSize = 1000;
    private Duration subscriptionKeepAlive = Duration.ofSeconds(1);
    private String processFaultNode;

    public Builder url(String url) {
      urls.add(url);
      return this;
    }

    public Builder preference(Preference p) {
      preference = p;
      return this;
    }

    public Builder mode(FailoverMode m) {
      mode = m;
      return this;
    }

    public Builder access(String serverUri, ServerAccess a) {
      access.put(serverUri, a);
      return this;
    }

    public Builder defaultAccess(ServerAccess a) {
      defaultAccess = a;
      return this;
    }

    public Builder trust(ServerTrust t) {
      trust = t;
      return this;
    }

    public Builder connection(Connector.Settings s) {
      connection = s;
      return this;
    }

    public Builder poll(Duration interval, Duration timeout, int failuresAllowed) {
      pollInterval = interval;
      pollTimeout = timeout;
      pollFailuresAllowed = failuresAllowed;
      return this;
    }

    public Builder retryInterval(Duration d) {
      retryInterval = d;
      return this;
    }

    public Builder holdOff(Duration d) {
      holdOff = d;
      return this;
    }

    public Builder publishing(Duration publishing, Duration sampling, int queue) {
      publishingInterval = publishing;
      samplingInterval = sampling;
      queueSize = queue;
      return this;
    }

    public Builder subscriptionKeepAlive(Duration d) {
      subscriptionKeepAlive = d;
      return this;
    }

    /** Switch away from a server whose {@code node} reads true or non-zero (see {@link SwitcherConfig#processFaultNode}). */
    public Builder processFaultNode(String node) {
      processFaultNode = node;
      return this;
    }

    public SwitcherConfig build() {
      if (trust == null) {
        throw new IllegalArgumentException("trust: choose ServerTrust.pkiDirectory(dir), or trustEveryServer() for tests");
      }
      return new SwitcherConfig(urls, preference, mode, access, defaultAccess, trust, connection, pollInterval,
          pollTimeout, pollFailuresAllowed, retryInterval, holdOff, publishingInterval, samplingInterval, queueSize, subscriptionKeepAlive,
          java.util.Optional.ofNullable(processFaultNode));
    }
  }
}

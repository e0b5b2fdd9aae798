package io.twinua.server.redundancy.statuslink;

import io.twinua.server.redundancy.Heartbeat;
import java.io.IOException;

/**
 * One status channel to the partner station. Lifecycle: construct (assigns only), {@link #start()},
 * {@link #send} from any thread, {@link #close()}. The listener given at construction hears the
 * partner's heartbeats and this link's UP/DOWN changes.
 */
public interface StatusLink extends AutoCloseable {

  /** For logs and diagnostics, e.g. {@code udp 127.0.0.2:4870->127.0.0.3:4870}. */
  String name();

  StatusLinkKind kind();

  /**
   * Starts receiving. Fails on what configuration must fix (a UDP address that cannot be bound); a
   * serial port that is missing or busy is not an error here: the link retries and stays DOWN.
   *
   * @throws IllegalStateException when called twice or after close
   */
  void start() throws IOException;

  /**
   * Sends one heartbeat to the partner without waiting for the line. Never throws and never blocks
   * on the line: a failed send is counted ({@link StatusLinkCounters#sendFailed()}) and logged once
   * per outage. Ignored before {@link #start()} and after {@link #close()}.
   */
  void send(Heartbeat heartbeat);

  LinkState state();

  StatusLinkCounters counters();

  /** Stops receiving and sending; no listener call starts after this returns. Idempotent. */
  @Override
  void close();
}

package io.twinua.server.sync.records;

import io.twinua.server.health.Pulse;
import io.twinua.server.messages.SystemMessages;
import io.twinua.server.redundancy.partner.PartnerLinkListener;
import io.twinua.server.sync.SyncException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the internal tags flagged {@code synchronise} equal on both stations: a client write here
 * ({@link #changes()}) is pushed to the partner at once ({@code @RM_ApplyInternalTags}); on return
 * (every partner link UP) this station reads the partner's latest values ({@code
 * @RM_InternalTagValues}) and takes the newer ones over, while the partner does the same with
 * ours. Newest source time wins on both sides ({@link SyncedInternalTags#applyPartnerValue}).
 *
 * <p>No echo: a value taken over from the partner is not a client write, so it is never pushed
 * back. The queue holds the latest unconfirmed value per tag, so it is bounded by the number of
 * synchronised tags; a value not yet confirmed when the link drops is pushed at the next UP (and
 * the partner's return read gets it anyway). {@code @} system tags are never synchronised.
 */
public final class InternalTagSync implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(InternalTagSync.class);
  private static final Logger REDUNDANCY_LOG = LoggerFactory.getLogger(SystemMessages.LOGGER_NAME);

  private final String partnerName;
  private final Set<String> synchronised;
  private final SyncedInternalTags tags;
  private final PartnerCalls partner;
  private final SyncWorker worker;
  private final Map<String, DataValue> pending = new ConcurrentHashMap<>();

  /**
   * @param synchronised the internal tags flagged synchronise ({@code @} tags are left out)
   * @param partnerClient the partner link's client while it has a session
   */
  public InternalTagSync(String station, String partnerName, Set<String> synchronised, SyncedInternalTags tags,
      Supplier<Optional<OpcUaClient>> partnerClient, String plantNamespaceUri) {
    this.partnerName = partnerName;
    this.synchronised = synchronised.stream().filter(t -> !t.startsWith("@")).collect(Collectors.toSet());
    this.tags = tags;
    this.partner = new PartnerCalls(partnerClient, plantNamespaceUri, UserArchiveSync.CALL_TIMEOUT);
    this.worker = new SyncWorker(station, "internal-tag-sync", this::returnSync, this::push);
  }

  /** For the station's internal tags: every accepted client write, on the caller's thread. */
  public BiConsumer<String, DataValue> changes() {
    return (tag, value) -> {
      if (synchronised.contains(tag)) {
        pending.merge(tag, value, (old, now) -> ticks(now) >= ticks(old) ? now : old);
        worker.pushSoon();
      }
    };
  }

  public PartnerLinkListener linkListener() {
    return worker.linkListener();
  }

  public Pulse pulse() {
    return worker.pulse();
  }

  /** Return syncs this station ran to their end (done, failed or nothing to do), for diagnostics. */
  public long returnSyncs() {
    return worker.returnSyncs();
  }

  private void push() throws InterruptedException {
    if (pending.isEmpty() || !worker.linkUp()) {
      return; // pushed at the next UP
    }
    Map<String, DataValue> batch = Map.copyOf(pending);
    List<String> names = new ArrayList<>(batch.keySet());
    DataValue[] values = names.stream().map(batch::get).toArray(DataValue[]::new);
    try {
      partner.call(RecordSyncMethods.APPLY_INTERNAL_TAGS, new Variant(names.toArray(new String[0])), new Variant(values));
      batch.forEach(pending::remove); // removes only the values sent; a newer write stays queued
      worker.succeeded();
    } catch (SyncException e) {
      LOG.warn("internal tags: online sync of {} to {} failed, kept pending: {}", names, partnerName, e.getMessage());
      if (worker.linkUp()) {
        worker.run(this::push, worker.nextRetry());
      }
    }
  }

  private void returnSync() throws InterruptedException {
    if (synchronised.isEmpty() || !worker.linkUp()) {
      return;
    }
    try {
      Variant[] out = partner.call(RecordSyncMethods.INTERNAL_TAG_VALUES);
      Object names = out.length == 2 ? out[0].getValue() : null;
      Object values = out.length == 2 ? out[1].getValue() : null;
      int taken = 0;
      if (names instanceof String[] n && values instanceof DataValue[] v && n.length == v.length) {
        for (int i = 0; i < n.length; i++) {
          if (synchronised.contains(n[i]) && tags.applyPartnerValue(n[i], v[i])) {
            taken++;
          }
        }
      }
      REDUNDANCY_LOG.info("internal tags: return sync from {}: {} newer value(s) taken over", partnerName, taken);
      worker.succeeded();
    } catch (SyncException e) {
      LOG.warn("internal tags: return sync from {} failed: {}", partnerName, e.getMessage());
      if (worker.linkUp()) {
        worker.returnSyncAfter(worker.nextRetry());
      }
      return;
    }
    push();
  }

  private static long ticks(DataValue v) {
    DateTime t = v.getSourceTime();
    return t == null ? 0 : t.getUtcTime();
  }

  @Override
  public void close() {
    worker.close();
  }
}

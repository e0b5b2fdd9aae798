package io.twinua.server.archive.digest;

import io.twinua.server.archive.ArchiveDigests;
import io.twinua.server.archive.BucketDigest;
import io.twinua.server.archive.DigestKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodResult;

/**
 * Reads the partner's archive digests through its {@code @RM_ArchiveDigest} method, over the
 * partner link's client (which has the PARTNER role). Compare the result with this station's
 * {@code ArchiveDigests.stored} over the same range using {@link ArchiveDigests#differences}.
 *
 * <p>Never blocks: the result completes on Milo's client threads; callers that wait must not do so
 * on a thread that serves clients.
 */
public final class PartnerDigests {

  private static final long MAX_SPAN_TICKS = ArchiveDigestMethod.MAX_SPAN.toNanos() / 100;

  private final OpcUaClient client;
  private final String plantNamespaceUri;

  public PartnerDigests(OpcUaClient client, String plantNamespaceUri) {
    this.client = client;
    this.plantNamespaceUri = plantNamespaceUri;
  }

  /**
   * The partner's stored digests of every bucket that starts in [bucket of fromTicks, toTicks)
   * (OPC UA ticks), sorted, fetched a day per call.
   *
   * @return fails with {@link UaException} (e.g. Bad_UserAccessDenied, Bad_NotFound if the partner
   *     serves another project) or the client's communication error
   */
  public CompletableFuture<List<BucketDigest>> fetch(long fromTicks, long toTicks) {
    UShort ns = client.getNamespaceTable().getIndex(plantNamespaceUri);
    if (ns == null) {
      return CompletableFuture.failedFuture(
          new UaException(
              StatusCodes.Bad_NotFound,
              "the partner has no namespace '" + plantNamespaceUri + "' (another project?)"));
    }
    NodeId object = new NodeId(ns, ArchiveDigestMethod.OBJECT_ID);
    NodeId method = new NodeId(ns, ArchiveDigestMethod.METHOD_ID);
    List<BucketDigest> all = new ArrayList<>();
    return page(object, method, ArchiveDigests.bucketStart(fromTicks), toTicks, all)
        .thenApply(done -> all);
  }

  /**
   * The cells of [bucket of fromTicks, toTicks) in which the partner's stored digests differ from
   * ours, sorted. Our side is read on {@code executor} (a database read: not a Milo thread). Leave
   * out the bucket being written now: the two writers lag each other there.
   */
  public CompletableFuture<List<DigestKey>> differingCells(
      ArchiveDigests ours, long fromTicks, long toTicks, Executor executor) {
    return fetch(fromTicks, toTicks)
        .thenApplyAsync(
            theirs -> ArchiveDigests.differences(ours.stored(fromTicks, toTicks), theirs),
            executor);
  }

  private CompletableFuture<Void> page(
      NodeId object, NodeId method, long from, long to, List<BucketDigest> into) {
    if (from >= to) {
      return CompletableFuture.completedFuture(null);
    }
    long until = Math.min(to, from + MAX_SPAN_TICKS);
    var request =
        new CallMethodRequest(
            object,
            method,
            new Variant[] {new Variant(new DateTime(from)), new Variant(new DateTime(until))});
    return client
        .callAsync(List.of(request))
        .thenCompose(
            response -> {
              try {
                into.addAll(decode(response.getResults()[0]));
              } catch (UaException e) {
                return CompletableFuture.failedFuture(e);
              }
              return page(object, method, until, to, into);
            });
  }

  private static List<BucketDigest> decode(CallMethodResult result) throws UaException {
    if (!result.getStatusCode().isGood()) {
      throw new UaException(result.getStatusCode(), "@RM_ArchiveDigest on the partner failed");
    }
    Variant[] out = result.getOutputArguments();
    if (out == null
        || out.length != 4
        || !(out[0].getValue() instanceof DateTime[] starts)
        || !(out[1].getValue() instanceof Integer[] groups)
        || !(out[2].getValue() instanceof Long[] counts)
        || !(out[3].getValue() instanceof Long[] hashes)
        || groups.length != starts.length
        || counts.length != starts.length
        || hashes.length != starts.length) {
      throw new UaException(
          StatusCodes.Bad_UnexpectedError, "@RM_ArchiveDigest on the partner answered garbage");
    }
    List<BucketDigest> cells = new ArrayList<>(starts.length);
    for (int i = 0; i < starts.length; i++) {
      cells.add(new BucketDigest(starts[i].getUtcTime(), groups[i], counts[i], hashes[i]));
    }
    return cells;
  }
}

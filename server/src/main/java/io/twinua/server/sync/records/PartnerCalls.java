package io.twinua.server.sync.records;

import io.twinua.server.sync.SyncException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodResult;

/**
 * Calls the partner's {@link RecordSyncMethods} over the partner link's client (PARTNER role).
 * Blocks up to {@code timeout}: for the sync workers' own threads only, never a Milo thread.
 */
final class PartnerCalls {

  private final Supplier<Optional<OpcUaClient>> client;
  private final String plantNamespaceUri;
  private final Duration timeout;

  /**
   * @param client the partner link's client while it has a session ({@code partnerClient})
   * @param plantNamespaceUri the namespace the partner's methods are in
   */
  PartnerCalls(Supplier<Optional<OpcUaClient>> client, String plantNamespaceUri, Duration timeout) {
    this.client = client;
    this.plantNamespaceUri = plantNamespaceUri;
    this.timeout = timeout;
  }

  /**
   * The method's output arguments.
   *
   * @throws SyncException no session, no such namespace on the partner (another project), the
   *     partner refused (its status in the message) or did not answer in time
   */
  Variant[] call(String method, Variant... inputs) throws SyncException, InterruptedException {
    OpcUaClient c = client.get().orElseThrow(() -> new SyncException("no session with the partner"));
    UShort ns = c.getNamespaceTable().getIndex(plantNamespaceUri);
    if (ns == null) {
      throw new SyncException("the partner has no namespace '" + plantNamespaceUri + "' (another project?)");
    }
    var request = new CallMethodRequest(new NodeId(ns, RecordSyncMethods.OBJECT_ID), new NodeId(ns, method), inputs);
    CallMethodResult result;
    try {
      result = c.callAsync(List.of(request)).get(timeout.toMillis(), TimeUnit.MILLISECONDS).getResults()[0];
    } catch (ExecutionException e) {
      throw new SyncException(method + " on the partner failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new SyncException(method + " on the partner: no answer within " + timeout.toMillis() + " ms", e);
    }
    if (!result.getStatusCode().isGood()) {
      throw new SyncException(method + " on the partner answered " + result.getStatusCode());
    }
    Variant[] out = result.getOutputArguments();
    return out == null ? new Variant[0] : out;
  }
}

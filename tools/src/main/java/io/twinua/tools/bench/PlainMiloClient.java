package io.twinua.tools.bench;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfigBuilder;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;

/**
 * The baseline: what a new user writes with Milo alone. One {@link OpcUaClient} on one server
 * with Milo's default session, keep-alive and reconnect settings, one subscription. Only the data
 * settings match the switching client (publishing 100 ms, sampling as fast as the server can,
 * queue 1000), so the two see the same samples while all is well.
 */
final class PlainMiloClient implements AutoCloseable {

  private final OpcUaClient client;

  private PlainMiloClient(OpcUaClient client) {
    this.client = client;
  }

  /**
   * Connects (anonymous, SecurityPolicy None) through {@code url}, kept as host and port even where
   * the server advertises another (a proxy in between stays in the path), and subscribes {@code node}.
   */
  static PlainMiloClient subscribe(String url, String node, SampleTrace into) throws Exception {
    OpcUaClient client = connect(url);
    try {
      NodeId id = ExpandedNodeId.parse(node).toNodeId(client.getNamespaceTable())
          .orElseThrow(() -> new IllegalStateException(url + " does not know the namespace of " + node));
      var sub = new OpcUaSubscription(client, 100.0);
      sub.setSubscriptionListener(new OpcUaSubscription.SubscriptionListener() {
        @Override
        public void onDataReceived(OpcUaSubscription s, List<OpcUaMonitoredItem> items, List<DataValue> values) {
          long now = System.currentTimeMillis();
          for (DataValue v : values) {
            DateTime t = Optional.ofNullable(v.getSourceTime()).orElse(v.getServerTime());
            if (t != null) {
              into.add(t.getUtcTime(), t.getJavaTime(), now, false);
            }
          }
        }
      });
      sub.create();
      var item = OpcUaMonitoredItem.newDataItem(id);
      item.setSamplingInterval(0.0);
      item.setQueueSize(uint(1000));
      sub.addMonitoredItem(item);
      sub.synchronizeMonitoredItems();
      return new PlainMiloClient(client);
    } catch (Exception e) {
      client.disconnectAsync();
      throw e;
    }
  }

  /**
   * A connected client with Milo's defaults, anonymous over SecurityPolicy None, through {@code
   * url} kept as host and port.
   */
  static OpcUaClient connect(String url) throws Exception {
    return connect(url, config -> {});
  }

  /** {@link #connect(String)} with some client settings changed by {@code config}. */
  static OpcUaClient connect(String url, Consumer<OpcUaClientConfigBuilder> config) throws Exception {
    String host = EndpointUtil.getHost(url);
    int port = EndpointUtil.getPort(url);
    OpcUaClient client = OpcUaClient.create(url, endpoints -> endpoints.stream()
            .filter(PlainMiloClient::anonymousNone).findFirst().map(e -> EndpointUtil.updateUrl(e, host, port)),
        transport -> {}, config);
    try {
      client.connect();
      return client;
    } catch (Exception e) {
      client.disconnectAsync();
      throw e;
    }
  }

  private static boolean anonymousNone(EndpointDescription e) {
    return SecurityPolicy.None.getUri().equals(e.getSecurityPolicyUri())
        && Stream.of(Optional.ofNullable(e.getUserIdentityTokens()).orElse(new UserTokenPolicy[0]))
            .anyMatch(p -> p.getTokenType() == UserTokenType.Anonymous);
  }

  @Override
  public void close() {
    client.disconnectAsync(); // its server may be dead or cut off: never wait for it
  }
}

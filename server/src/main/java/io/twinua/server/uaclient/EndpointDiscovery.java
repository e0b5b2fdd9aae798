package io.twinua.server.uaclient;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.stack.core.Stack;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.Lists;
import org.eclipse.milo.opcua.stack.transport.client.tcp.OpcTcpClientTransport;
import org.eclipse.milo.opcua.stack.transport.client.tcp.OpcTcpClientTransportConfig;

/**
 * GetEndpoints without waiting: what {@code DiscoveryClient.getEndpoints} does, but on the
 * station's client executors and bounded as a whole (Milo's own request timeout there is 60 s, so a
 * server that accepts and never answers would hold its channel for a minute).
 */
public final class EndpointDiscovery {

  private EndpointDiscovery() {}

  public static CompletableFuture<List<EndpointDescription>> endpoints(
      String endpointUrl, ClientExecutors executors, Duration timeout) {
    var endpoint = new EndpointDescription(endpointUrl, null, null, MessageSecurityMode.None,
        SecurityPolicy.None.getUri(), null, Stack.TCP_UASC_UABINARY_TRANSPORT_URI, ubyte(0));
    var transport = new OpcTcpClientTransport(executors.configure(OpcTcpClientTransportConfig.newBuilder())
        .setConnectTimeout(uint(timeout.toMillis()))
        .setAcknowledgeTimeout(uint(timeout.toMillis()))
        .build());
    var discovery = new DiscoveryClient(endpoint, transport);
    return discovery.connectAsync()
        .thenCompose(c -> c.getEndpoints(endpointUrl, new String[0], new String[] {Stack.TCP_UASC_UABINARY_TRANSPORT_URI}))
        .thenApply(response -> Lists.ofNullable(response.getEndpoints()))
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((endpoints, failure) -> discovery.disconnectAsync());
  }
}

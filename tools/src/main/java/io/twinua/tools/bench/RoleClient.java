package io.twinua.tools.bench;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.twinua.server.security.PkiAdmin;
import io.twinua.server.security.PkiLayout;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfig;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.Identifiers;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;

/**
 * An anonymous viewer over SecurityPolicy None (as the demo project allows) that reads one
 * station's {@code @RedundantServerState}. It trusts only that station's own certificate.
 */
public final class RoleClient implements AutoCloseable {

  public static final int MASTER = 1;
  public static final int STANDBY = 2;
  /** What {@link #role()} says when the station does not answer. */
  public static final int UNREADABLE = -1;

  private final OpcUaClient client;
  private final NodeId serverState;
  private final NodeId syncPending;

  private RoleClient(OpcUaClient client, NodeId serverState, NodeId syncPending) {
    this.client = client;
    this.serverState = serverState;
    this.syncPending = syncPending;
  }

  /** Connects once; throws if the station does not answer or offers no None endpoint. */
  public static RoleClient connect(String endpointUrl, Path stationPki, String plantNamespace) throws Exception {
    EndpointDescription endpoint = DiscoveryClient.getEndpoints(endpointUrl).get(5, TimeUnit.SECONDS).stream()
        .filter(e -> SecurityPolicy.None.getUri().equals(e.getSecurityPolicyUri())
            && e.getSecurityMode() == MessageSecurityMode.None)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(endpointUrl + " offers no None endpoint (anonymous viewing)"));
    var trust = new MemoryTrustListManager();
    trust.addTrustedCertificate(PkiAdmin.readCertificate(new PkiLayout(stationPki).ownCertificateFile()));
    OpcUaClient client = OpcUaClient.create(OpcUaClientConfig.builder()
        .setEndpoint(endpoint)
        .setApplicationName(LocalizedText.english("TwinUA failover bench"))
        .setApplicationUri("urn:twinua:bench:failover")
        .setIdentityProvider(new AnonymousProvider())
        // a poll must not hang on a station that just died
        .setRequestTimeout(uint(2_000))
        .setCertificateValidator(new DefaultClientCertificateValidator(trust, new MemoryCertificateQuarantine()))
        .build());
    try {
      client.connect();
      UShort ns = client.getNamespaceTable().getIndex(plantNamespace);
      if (ns == null) {
        throw new IllegalStateException(endpointUrl + " does not serve namespace " + plantNamespace);
      }
      return new RoleClient(client, new NodeId(ns, "@RedundantServerState"), new NodeId(ns, "@RM_SyncPending"));
    } catch (Exception e) {
      client.disconnectAsync();
      throw e;
    }
  }

  /** {@code @RedundantServerState} (1 Master, 2 Standby, ...), or {@link #UNREADABLE}. */
  public int role() {
    try {
      DataValue v = client.readValue(0, TimestampsToReturn.Neither, serverState);
      return v.statusCode() != null && v.statusCode().isGood() && v.value().value() instanceof Number n
          ? n.intValue() : UNREADABLE;
    } catch (Exception e) {
      return UNREADABLE;
    }
  }

  /** {@code @RM_SyncPending}: true while a gap is still to sync, or while the station does not answer. */
  public boolean syncPending() {
    try {
      DataValue v = client.readValue(0, TimestampsToReturn.Neither, syncPending);
      return !(v.statusCode() != null && v.statusCode().isGood() && Boolean.FALSE.equals(v.value().value()));
    } catch (Exception e) {
      return true;
    }
  }

  /**
   * The station's clock minus this machine's, from its {@code Server/ServerStatus/CurrentTime}
   * (read time halved off), or null when it does not answer.
   */
  public Long clockOffsetMs() {
    try {
      long before = System.currentTimeMillis();
      DataValue v = client.readValue(0, TimestampsToReturn.Neither, Identifiers.Server_ServerStatus_CurrentTime);
      long after = System.currentTimeMillis();
      return v.value().value() instanceof DateTime t ? t.getJavaTime() - (before + after) / 2 : null;
    } catch (Exception e) {
      return null;
    }
  }

  @Override
  public void close() {
    client.disconnectAsync(); // does not block on a dead station
  }
}

package io.twinua.server.redundancy.uanodes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.servicesets.DiscoveryServiceSet;
import org.eclipse.milo.opcua.sdk.server.servicesets.impl.DefaultDiscoveryServiceSet;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.enumerated.ApplicationType;
import org.eclipse.milo.opcua.stack.core.types.structured.ApplicationDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.FindServersOnNetworkRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.FindServersOnNetworkResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.FindServersRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.FindServersResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.GetEndpointsRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.GetEndpointsResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.RegisterServer2Request;
import org.eclipse.milo.opcua.stack.core.types.structured.RegisterServer2Response;
import org.eclipse.milo.opcua.stack.core.types.structured.RegisterServerRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.RegisterServerResponse;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.eclipse.milo.opcua.stack.transport.server.ServiceRequestContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FindServers of a redundant pair: this station's own ApplicationDescription (as Milo builds it)
 * followed by the partner's, so a client that knows one station finds both (Part 4 §6.6.2.4.2:
 * "Clients ... shall use FindServers ... to obtain the ServerUris of the redundant set"). Every
 * other discovery service is Milo's, unchanged.
 *
 * <p>Milo 1.1.2 registers its {@link DefaultDiscoveryServiceSet} per endpoint path in {@code
 * OpcUaServer}'s service handler table; {@link #install} registers this one for the same paths,
 * which replaces the handlers without forking Milo.
 */
public final class PairDiscovery implements DiscoveryServiceSet {

  private static final Logger LOG = LoggerFactory.getLogger(PairDiscovery.class);

  private final String ownUri;
  private final DiscoveryServiceSet milo;
  private final AtomicReference<ApplicationDescription> partner = new AtomicReference<>();

  private PairDiscovery(String ownUri, DiscoveryServiceSet milo) {
    this.ownUri = ownUri;
    this.milo = milo;
  }

  /** Answers discovery on every endpoint path of {@code server}; no partner until one is set. */
  public static PairDiscovery install(OpcUaServer server) {
    Objects.requireNonNull(server, "server");
    var discovery =
        new PairDiscovery(server.getConfig().getApplicationUri(), new DefaultDiscoveryServiceSet(server));
    server.getConfig().getEndpoints().stream()
        .map(EndpointConfig::getEndpointUrl)
        .map(EndpointUtil::getPath)
        .distinct()
        .forEach(path -> server.addServiceSet(path, discovery));
    return discovery;
  }

  /**
   * The partner station as FindServers shows it (from the station's configuration: application
   * URI, product URI, name, discovery URLs).
   *
   * @throws IllegalArgumentException if it is not a server, has no application URI or no
   *     discovery URL, or has this station's own application URI
   */
  public void setPartnerDescription(ApplicationDescription description) {
    Objects.requireNonNull(description, "description");
    String uri = description.getApplicationUri();
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("partner ApplicationDescription: applicationUri is blank");
    }
    if (uri.equals(ownUri)) {
      throw new IllegalArgumentException("partner ApplicationDescription: applicationUri " + uri + " is this station's own");
    }
    if (description.getApplicationType() != ApplicationType.Server
        && description.getApplicationType() != ApplicationType.ClientAndServer) {
      throw new IllegalArgumentException(
          "partner ApplicationDescription " + uri + ": applicationType is " + description.getApplicationType() + ", not a server");
    }
    String[] urls = description.getDiscoveryUrls();
    if (urls == null || urls.length == 0 || Arrays.stream(urls).anyMatch(u -> u == null || u.isBlank())) {
      throw new IllegalArgumentException("partner ApplicationDescription " + uri + ": no or blank discovery URLs");
    }
    partner.set(description);
    LOG.info("FindServers answers with partner {} at {}", uri, Arrays.toString(urls));
  }

  /** FindServers shows this station alone again. */
  public void clearPartnerDescription() {
    partner.set(null);
  }

  public Optional<ApplicationDescription> partnerDescription() {
    return Optional.ofNullable(partner.get());
  }

  @Override
  public FindServersResponse onFindServers(ServiceRequestContext context, FindServersRequest request)
      throws UaException {
    // Milo's answer already applies the serverUris filter to our own description
    FindServersResponse own = milo.onFindServers(context, request);
    List<ApplicationDescription> servers = new ArrayList<>();
    if (own.getServers() != null) {
      servers.addAll(Arrays.asList(own.getServers()));
    }
    ApplicationDescription partnerServer = partner.get();
    if (partnerServer != null && wanted(partnerServer, request.getServerUris())) {
      servers.add(partnerServer);
    }
    return new FindServersResponse(own.getResponseHeader(), servers.toArray(ApplicationDescription[]::new));
  }

  private static boolean wanted(ApplicationDescription description, String @Nullable [] serverUris) {
    return serverUris == null
        || serverUris.length == 0
        || Arrays.asList(serverUris).contains(description.getApplicationUri());
  }

  @Override
  public FindServersOnNetworkResponse onFindServersOnNetwork(
      ServiceRequestContext context, FindServersOnNetworkRequest request) throws UaException {
    return milo.onFindServersOnNetwork(context, request);
  }

  @Override
  public GetEndpointsResponse onGetEndpoints(ServiceRequestContext context, GetEndpointsRequest request)
      throws UaException {
    return milo.onGetEndpoints(context, request);
  }

  @Override
  public RegisterServerResponse onRegisterServer(ServiceRequestContext context, RegisterServerRequest request)
      throws UaException {
    return milo.onRegisterServer(context, request);
  }

  @Override
  public RegisterServer2Response onRegisterServer2(
      ServiceRequestContext context, RegisterServer2Request request) throws UaException {
    return milo.onRegisterServer2(context, request);
  }
}

package io.twinua.server.redundancy.partner;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.twinua.server.security.StationPki;
import io.twinua.server.security.Thumbprints;
import io.twinua.server.uaclient.ClientExecutors;
import io.twinua.server.uaclient.EndpointDiscovery;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfig;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfigBuilder;
import org.eclipse.milo.opcua.sdk.client.identity.X509IdentityProvider;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.eclipse.milo.opcua.stack.transport.client.tcp.OpcTcpClientTransport;
import org.eclipse.milo.opcua.stack.transport.client.tcp.OpcTcpClientTransportConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the partner's Basic256Sha256/SignAndEncrypt endpoint, checks that the server there is the
 * configured partner (application URI, certificate login offered, certificate accepted by this
 * station) and builds the client that logs in there as this station (X.509 user token with the
 * station certificate, so the partner grants the PARTNER role). Failures say why in plain words.
 */
final class PartnerEndpointCheck {

  private static final Logger LOG = LoggerFactory.getLogger(PartnerEndpointCheck.class);

  private final PartnerLinkConfig config;
  private final StationPki pki;
  private final ClientExecutors executors;
  private final String partnerHost;
  private final int partnerPort;

  PartnerEndpointCheck(PartnerLinkConfig config, StationPki pki, ClientExecutors executors) {
    this.config = config;
    this.pki = pki;
    this.executors = executors;
    this.partnerHost = EndpointUtil.getHost(config.endpointUrl());
    this.partnerPort = EndpointUtil.getPort(config.endpointUrl());
  }

  /** Discovers and checks without waiting; the certificate check runs on the connect-step pool. */
  CompletableFuture<OpcUaClient> newClient() {
    return EndpointDiscovery.endpoints(config.endpointUrl(), executors, config.requestTimeout().multipliedBy(2))
        .thenApplyAsync(endpoints -> {
          try {
            return clientFor(endpoints);
          } catch (PartnerLinkException e) {
            throw new CompletionException(e);
          }
        }, executors.connectSteps());
  }

  private OpcUaClient clientFor(List<EndpointDescription> endpoints) throws PartnerLinkException {
    EndpointDescription endpoint =
        endpoints.stream()
            .filter(e -> SecurityPolicy.Basic256Sha256.getUri().equals(e.getSecurityPolicyUri())
                && e.getSecurityMode() == MessageSecurityMode.SignAndEncrypt)
            .findFirst()
            .orElseThrow(() -> new PartnerLinkException(
                config.endpointUrl() + " offers no Basic256Sha256/SignAndEncrypt endpoint"));
    String serverUri = endpoint.getServer().getApplicationUri();
    if (!config.partnerApplicationUri().equals(serverUri)) {
      throw new PartnerLinkException(
          "the server at " + config.endpointUrl() + " is '" + serverUri
              + "', not the configured partner '" + config.partnerApplicationUri() + "'");
    }
    if (!acceptsCertificateLogin(endpoint)) {
      throw new PartnerLinkException(
          "the partner's endpoint " + config.endpointUrl() + " offers no certificate login");
    }
    checkServerCertificate(endpoint);

    long requestMillis = config.requestTimeout().toMillis();
    OpcUaClientConfigBuilder builder =
        OpcUaClientConfig.builder()
            // connect where configured, whatever host name the partner advertises
            .setEndpoint(EndpointUtil.updateUrl(endpoint, partnerHost, partnerPort))
            .setApplicationName(LocalizedText.english("TwinUA partner link"))
            .setProductUri("urn:twinua")
            .setSessionName(() -> "TwinUA partner link of " + pki.applicationUri())
            .setRequestTimeout(uint(requestMillis))
            // the heartbeat watchdog notices a silent partner; this only bounds a dead session
            .setKeepAliveInterval(uint(1_000))
            .setKeepAliveTimeout(uint(1_000))
            .setKeepAliveFailuresAllowed(uint(1))
            .setIdentityProvider(new X509IdentityProvider(pki.certificate(), pki.keyPair().getPrivate()));
    pki.configureClient(builder);
    builder.setCertificateValidator(
        new PartnerCertificateCheck(pki.clientCertificateValidator(), config.partnerApplicationUri(), partnerHost));
    return new OpcUaClient(
        builder.build(),
        new OpcTcpClientTransport(executors.configure(OpcTcpClientTransportConfig.newBuilder())
            .setConnectTimeout(uint(requestMillis))
            .setAcknowledgeTimeout(uint(requestMillis))
            .build()));
  }

  private static boolean acceptsCertificateLogin(EndpointDescription endpoint) {
    UserTokenPolicy[] policies = endpoint.getUserIdentityTokens();
    if (policies == null) {
      return false;
    }
    for (UserTokenPolicy policy : policies) {
      if (policy.getTokenType() == UserTokenType.Certificate) {
        return true;
      }
    }
    return false;
  }

  /** Fails with an operator-readable message before Milo fails with a bare status code. */
  private void checkServerCertificate(EndpointDescription endpoint) throws PartnerLinkException {
    List<X509Certificate> chain;
    try {
      chain = CertificateUtil.decodeCertificates(endpoint.getServerCertificate().bytesOrEmpty());
    } catch (UaException e) {
      throw new PartnerLinkException(config.endpointUrl() + " sends an unreadable certificate");
    }
    if (chain.isEmpty()) {
      throw new PartnerLinkException(config.endpointUrl() + " sends no certificate");
    }
    X509Certificate certificate = chain.get(0);
    try {
      new PartnerCertificateCheck(pki.clientCertificateValidator(), config.partnerApplicationUri(), partnerHost)
          .validateCertificateChain(chain, null, null);
    } catch (UaException e) {
      LOG.debug("partner link: certificate check of {} failed", config.endpointUrl(), e);
      throw new PartnerLinkException(
          "partner certificate '" + certificate.getSubjectX500Principal().getName()
              + "' (sha256 " + Thumbprints.sha256(certificate) + ") of " + config.endpointUrl()
              + " is not accepted by this station: " + certificateProblem(e.getStatusCode())
              + "; if it is the partner's certificate, trust it (twinua certs trust --pki "
              + pki.layout().root() + " --cert <file in " + pki.layout().rejectedCertsDir() + ">)");
    }
  }

  private String certificateProblem(StatusCode code) {
    long value = code.getValue();
    String why;
    if (value == StatusCodes.Bad_SecurityChecksFailed || value == StatusCodes.Bad_CertificateUntrusted) {
      why = "not in its trust list";
    } else if (value == StatusCodes.Bad_CertificateTimeInvalid || value == StatusCodes.Bad_CertificateIssuerTimeInvalid) {
      why = "expired or not yet valid";
    } else if (value == StatusCodes.Bad_CertificateUriInvalid) {
      why = "its application URI is not '" + config.partnerApplicationUri() + "'";
    } else if (value == StatusCodes.Bad_CertificateHostNameInvalid) {
      why = "it is not issued for host '" + partnerHost + "'";
    } else if (value == StatusCodes.Bad_CertificateRevoked || value == StatusCodes.Bad_CertificateIssuerRevoked) {
      why = "revoked";
    } else {
      why = "invalid";
    }
    return why + " (" + PartnerLinkException.statusName(code) + ")";
  }
}

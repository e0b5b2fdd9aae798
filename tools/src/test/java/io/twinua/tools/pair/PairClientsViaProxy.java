package io.twinua.tools.pair;

import io.twinua.tools.pairlab.TcpProxy;
import io.twinua.tools.testing.HmiClients;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;

/** An HMI client whose network cable to its server runs through a proxy the test can pull. */
final class PairClientsViaProxy {

  private PairClientsViaProxy() {}

  static OpcUaClient anonymous(TestPair.Station s, TcpProxy cable) throws Exception {
    return HmiClients.connect(cable.url(), HmiClients.stationCertificate(s.dataDir), SecurityPolicy.None,
        MessageSecurityMode.None, new AnonymousProvider(), s.projectHmiCertificate(), s.projectHmiKeys());
  }
}

package io.twinua.tools.plcsim;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.SessionListener;
import org.eclipse.milo.opcua.sdk.server.nodes.factories.NodeFactory;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * Works around a JVM-wide cache in Milo 1.1.2: {@code NodeFactory} keeps each type's instance
 * declaration hierarchy in a static cache, built from the address space of whichever server
 * needed it first. A session created just before a server shuts down is processed after its
 * address space is gone; the hierarchy it caches then lacks nodes, and every later session on
 * any Milo server in the JVM (other AS, a station under test) fails to build its diagnostics
 * nodes (NullPointerException per session). Only the session diagnostics types are instantiated
 * at runtime, so forgetting them whenever a stopped server handled a session event lets the next
 * session rebuild them from a live server.
 */
final class MiloTypeCache {

  private static final List<NodeId> SESSION_DIAGNOSTICS_TYPES =
      List.of(
          NodeIds.SessionDiagnosticsObjectType,
          NodeIds.SessionDiagnosticsVariableType,
          NodeIds.SessionSecurityDiagnosticsType,
          NodeIds.SubscriptionDiagnosticsType);

  private MiloTypeCache() {}

  static void forgetSessionDiagnosticsTypes() {
    SESSION_DIAGNOSTICS_TYPES.forEach(NodeFactory::invalidateCachedIdh);
  }

  /**
   * Forgets the types after any session event {@code server} handles while not {@code serving}.
   * Milo runs session listeners in order, so this runs after its diagnostics listener.
   */
  static void guard(OpcUaServer server, BooleanSupplier serving) {
    server
        .getSessionManager()
        .addSessionListener(
            new SessionListener() {
              @Override
              public void onSessionCreated(Session session) {
                if (!serving.getAsBoolean()) {
                  forgetSessionDiagnosticsTypes();
                }
              }
            });
  }
}

package io.twinua.server.testing;

import io.twinua.server.plant.PlantAccess;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.server.Session;

/** Plant access for test servers without users: every session has the node's access and reads history. */
public final class EveryoneMayRead implements PlantAccess {

  public static final EveryoneMayRead INSTANCE = new EveryoneMayRead();

  private EveryoneMayRead() {}

  @Override
  public Set<AccessLevel> userAccess(Session session, Set<AccessLevel> nodeAccess) {
    return nodeAccess;
  }

  @Override
  public boolean mayReadHistory(Session session) {
    return true;
  }
}

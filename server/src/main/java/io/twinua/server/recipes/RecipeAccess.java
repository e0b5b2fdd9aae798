package io.twinua.server.recipes;

import org.eclipse.milo.opcua.sdk.server.Session;

/**
 * Who may use the user archives through OPC UA. Milo 1.1.2 does no access check on method calls
 * (milo-notes), so every method asks this first; implementations fail closed.
 */
public interface RecipeAccess {

  boolean mayRead(Session session);

  boolean mayEdit(Session session);
}

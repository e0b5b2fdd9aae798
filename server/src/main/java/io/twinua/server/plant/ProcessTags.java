package io.twinua.server.plant;

import java.util.Set;

/**
 * The plant variables fed by automation stations, by how clients may treat them.
 *
 * @param readOnly served read-only whatever the NodeSet's AccessLevel says
 * @param setpoints writable by operators: client writes go to the AS, never to the node itself
 */
public record ProcessTags(Set<String> readOnly, Set<String> setpoints) {

  public ProcessTags {
    readOnly = Set.copyOf(readOnly);
    setpoints = Set.copyOf(setpoints);
  }
}

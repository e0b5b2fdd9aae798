package io.twinua.server.redundancy.statuslink;

/**
 * The kind of a status link; the role machine raises different messages per kind (reserve
 * connection 1012224/1012225 for UDP, serial status link 1012245/1012246 for serial).
 */
public enum StatusLinkKind {
  UDP,
  SERIAL
}

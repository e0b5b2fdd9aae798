package io.twinua.server.archive;

import java.sql.Connection;
import java.sql.SQLException;

/** A piece of JDBC work run on a connection the archive lends out for the call only. */
@FunctionalInterface
interface SqlWork<T> {
  T run(Connection c) throws SQLException;
}

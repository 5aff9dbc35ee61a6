package dev.shardline.directory;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of JDBC work on a connection the caller owns; may throw {@link DirectoryException} to abort. */
@FunctionalInterface
interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}

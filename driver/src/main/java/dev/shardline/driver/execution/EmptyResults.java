package dev.shardline.driver.execution;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Builds the empty result of a SELECT that no node can answer with a row (its explicit key is
 * unknown to the directory), with the columns the statement would have: the statement is prepared
 * on the server, which describes its columns without running it.
 */
public interface EmptyResults {
  ResultSet describe(Connection connection, String sql) throws SQLException;
}

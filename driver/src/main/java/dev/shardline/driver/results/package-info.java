/**
 * Result sets the driver builds itself instead of handing out a node's: empty results with the
 * right columns, generated keys gathered from several nodes, merged scatter-gather rows.
 *
 * <p>Public: {@link dev.shardline.driver.results.RowsResultSet} (the factory),
 * {@link dev.shardline.driver.results.ColumnSet} (the columns, copied from a physical result set or
 * made from {@link dev.shardline.driver.results.Column}s). The rest is package-private: a
 * {@code java.lang.reflect.Proxy} whose every ResultSet method is one entry of a table
 * ({@code ResultSetMethods}), a forward-only cursor ({@code RowCursor}), and the rules that turn a
 * stored value into what each getter returns ({@code ValueConversions}, with
 * {@code TemporalConversions} for dates and times). Those rules, and the SQLStates of every
 * error ({@code ResultSetErrors}), are Connector/J 9.4's, checked against it on a real server by
 * {@code ConnectorJParityIT}: an application must not be able to tell a merged result from one
 * node's.
 */
package dev.shardline.driver.results;

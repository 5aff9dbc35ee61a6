package dev.shardline.driver.results;

import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Result sets the driver builds itself, from rows in memory or streamed from a merge: an empty
 * result with the right columns, generated keys gathered from several nodes, merged
 * scatter-gather rows.
 *
 * <p>They are forward-only, read-only ({@code CONCUR_READ_ONLY}), {@code CLOSE_CURSORS_AT_COMMIT},
 * and read like Connector/J's: the same conversions ({@link ValueConversions}) and the same
 * SQLStates ({@link ResultSetErrors}). Each row is an {@code Object[]} with one value per column,
 * null for SQL NULL, of the classes Connector/J's {@code getObject} returns for the column's type.
 * The result set keeps the arrays it is given: neither they nor the values are copied or
 * modified, and getters hand out the stored objects (a byte[] or a java.sql.Timestamp read back
 * is the one stored).
 *
 * <p>The ResultSet is a {@link Proxy} whose calls go through one table
 * ({@link ResultSetMethods}) to a {@link RowCursor}; see those for the rules.
 *
 * <p>Thread safety: a result set is read by one thread at a time, as with any JDBC driver.
 */
public final class RowsResultSet {
  private static final Class<?>[] INTERFACES = {ResultSet.class};

  private RowsResultSet() {}

  /**
   * A result set over a stream of rows. Rows are pulled one at a time when the application calls
   * {@code next()} (and one early for {@code isLast()} or {@code isBeforeFirst()}), so the source
   * can be a merge that reads its inputs lazily. An iterator that fails should throw an unchecked
   * exception whose cause is the SQLException to report; {@code next()} rethrows that cause.
   *
   * @param owner what {@code getStatement()} answers; may be null
   * @param onClose run once, when the result set is first closed (not when it is read to the end);
   *     may be null. Its failure is the failure of {@code close()}.
   */
  public static ResultSet of(ColumnSet columns, Iterator<Object[]> rows, Statement owner, AutoCloseable onClose) {
    Objects.requireNonNull(columns, "a result set needs its columns");
    Objects.requireNonNull(rows, "a result set needs a row source (an empty iterator for no rows)");
    RowCursor cursor = new RowCursor(columns, rows, owner, onClose);
    return (ResultSet) Proxy.newProxyInstance(
        RowsResultSet.class.getClassLoader(), INTERFACES, (proxy, method, args) -> ResultSetMethods.invoke(cursor, proxy, method, args));
  }

  /** A result set over rows in memory; the list must not change while the result set is read. */
  public static ResultSet of(ColumnSet columns, List<Object[]> rows, Statement owner) {
    Objects.requireNonNull(rows, "a result set needs its rows (an empty list for none)");
    return of(columns, rows.iterator(), owner, null);
  }
}

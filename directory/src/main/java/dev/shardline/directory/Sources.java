package dev.shardline.directory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory's servers and the three ways the client uses them:
 *
 * <ul>
 *   <li>{@link #onPrimary}: one autocommit statement or a few, primary only (fresh look-ups, polls);
 *   <li>{@link #transactionOnPrimary}: a transaction on the primary, retried when InnoDB picks it
 *       as a deadlock victim (every directory write);
 *   <li>{@link #read}: the primary, else each replica in turn, moving on only when a server cannot
 *       be reached. While the primary is known to be down (its last use failed that way), replicas
 *       are tried first, so a read miss does not wait for a dead primary's connect timeout.
 * </ul>
 *
 * <p>Connections are taken per call and closed (returned to the pool) before the call returns; a
 * transaction restores auto-commit first, so pooled connections go back as they came.
 *
 * <p>Thread safety: safe for concurrent use; {@code primaryReachable} is a volatile hint.
 */
final class Sources {
  private static final Logger log = LoggerFactory.getLogger(Sources.class);
  private static final int DEADLOCK_ATTEMPTS = 3;

  /** A value and whether the primary gave it (only primary answers may be trusted for writes). */
  record Answer<T>(T value, boolean fromPrimary) {}

  private final DirectorySource primary;
  private final List<DirectorySource> replicas;
  private final String instance;
  private volatile boolean primaryReachable = true;

  Sources(DirectoryConfig config) {
    this.primary = DirectorySource.primary(config.primary());
    List<DirectorySource> list = new ArrayList<>();
    for (int i = 0; i < config.replicas().size(); i++) {
      list.add(DirectorySource.replica(config.replicas().get(i), i + 1));
    }
    this.replicas = List.copyOf(list);
    this.instance = config.instanceName();
  }

  DirectorySource primary() {
    return primary;
  }

  int replicaCount() {
    return replicas.size();
  }

  boolean primaryReachable() {
    return primaryReachable;
  }

  /** Runs {@code work} on the primary in auto-commit mode. */
  <T> T onPrimary(String operation, SqlWork<T> work) throws DirectoryException {
    return run(primary, operation, work);
  }

  /** Runs {@code work} as one transaction on the primary, retrying it if it is a deadlock victim. */
  <T> T transactionOnPrimary(String operation, SqlWork<T> work) throws DirectoryException {
    for (int attempt = 1; ; attempt++) {
      try {
        return run(primary, operation, c -> inTransaction(c, work));
      } catch (DirectoryException e) {
        if (attempt >= DEADLOCK_ATTEMPTS || !Failures.isDeadlock(e)) {
          throw e;
        }
        log.debug("directory[{}]: {} was chosen as a deadlock victim, retrying (attempt {})", instance, operation, attempt);
      }
    }
  }

  /** Runs {@code work} on the first server that can be reached: primary first unless it is known down. */
  <T> Answer<T> read(String operation, SqlWork<T> work) throws DirectoryException {
    List<DirectorySource> order = new ArrayList<>(replicas.size() + 1);
    if (primaryReachable || replicas.isEmpty()) {
      order.add(primary);
      order.addAll(replicas);
    } else {
      order.addAll(replicas);
      order.add(primary);
    }
    List<DirectoryUnavailableException> failures = new ArrayList<>();
    for (DirectorySource source : order) {
      try {
        return new Answer<>(run(source, operation, work), source.isPrimary());
      } catch (DirectoryUnavailableException e) {
        failures.add(e);
      }
    }
    if (failures.size() == 1) {
      throw failures.get(0);
    }
    StringBuilder message =
        new StringBuilder(operation).append(" failed: no directory server could be reached (");
    for (int i = 0; i < failures.size(); i++) {
      message.append(i == 0 ? "" : "; ").append(order.get(i).label()).append(": ")
          .append(Failures.firstLine(failures.get(i).getCause() == null ? failures.get(i) : failures.get(i).getCause()));
    }
    message.append("). Check that the directory primary or a replica is running");
    DirectoryUnavailableException all = new DirectoryUnavailableException(message.toString(), failures.get(0).getCause());
    failures.forEach(all::addSuppressed);
    throw all;
  }

  private <T> T run(DirectorySource source, String operation, SqlWork<T> work) throws DirectoryException {
    try (Connection connection = source.connect()) {
      T result = work.run(connection);
      if (source.isPrimary()) {
        primaryReachable = true;
      }
      return result;
    } catch (SQLException e) {
      DirectoryException mapped = Failures.wrap(e, source, operation);
      if (source.isPrimary() && mapped instanceof DirectoryUnavailableException) {
        primaryReachable = false;
      }
      throw mapped;
    }
  }

  private static <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException {
    c.setAutoCommit(false);
    boolean committed = false;
    try {
      T result = work.run(c);
      c.commit();
      committed = true;
      return result;
    } finally {
      if (!committed) {
        rollbackQuietly(c);
      }
      try {
        c.setAutoCommit(true);
      } catch (SQLException ignored) {
        // the connection is broken; closing it (below, in run) is all that is left to do
      }
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the original failure is what the caller needs; a broken connection cannot roll back anyway
    }
  }
}

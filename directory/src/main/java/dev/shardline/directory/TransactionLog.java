package dev.shardline.directory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The two-phase commit decisions of every driver instance, in {@code transaction_log}: one row per
 * cross-node transaction whose outcome was decided, keyed by its global transaction id. The row is
 * the commit point: a coordinator commits its prepared branches only after its COMMIT row is
 * stored, and recovery rolls a branch back only after storing ROLLBACK for it. Both write with
 * {@code INSERT IGNORE} and read back what is stored, so whichever comes first wins and the other
 * follows it: a coordinator slow to decide and a recovery that presumed it dead never disagree.
 *
 * <p>Stateless and thread safe.
 */
final class TransactionLog {
  private final Sources sources;

  TransactionLog(Sources sources) {
    this.sources = sources;
  }

  TransactionDecision decide(String gtrid, TransactionDecision wanted, String nodeIds, String coordinator) throws DirectoryException {
    Objects.requireNonNull(wanted, "wanted");
    // One round trip when the decision is new (the common case); the stored one is read only when
    // another writer got there first.
    return sources.onPrimary("recording decision " + wanted + " of transaction " + gtrid, c -> {
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT IGNORE INTO transaction_log (gtrid, decision, node_ids, coordinator) VALUES (?, ?, ?, ?)")) {
        insert.setString(1, gtrid);
        insert.setString(2, wanted.name());
        insert.setString(3, nodeIds);
        insert.setString(4, coordinator.length() <= 255 ? coordinator : coordinator.substring(0, 255));
        if (insert.executeUpdate() == 1) {
          return wanted;
        }
      }
      return read(c, gtrid).orElseThrow(() -> new DirectoryException(
          "the decision of transaction " + gtrid + " was written and is not there; is the directory primary read-only?",
          DirectoryException.GENERAL_ERROR));
    });
  }

  Optional<TransactionDecision> decision(String gtrid) throws DirectoryException {
    return sources.onPrimary("reading the decision of transaction " + gtrid, c -> read(c, gtrid));
  }

  void forget(String gtrid) throws DirectoryException {
    sources.onPrimary("forgetting transaction " + gtrid, c -> {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM transaction_log WHERE gtrid = ?")) {
        delete.setString(1, gtrid);
        return delete.executeUpdate();
      }
    });
  }

  List<LoggedTransaction> all() throws DirectoryException {
    return sources.onPrimary("listing the transaction log", c -> {
      List<LoggedTransaction> all = new ArrayList<>();
      try (PreparedStatement select = c.prepareStatement(
          "SELECT gtrid, decision, node_ids, coordinator, created_at FROM transaction_log ORDER BY created_at, gtrid");
          ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          all.add(new LoggedTransaction(rs.getString(1), TransactionDecision.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
              rs.getTimestamp(5).toInstant()));
        }
      }
      return all;
    });
  }

  private static Optional<TransactionDecision> read(java.sql.Connection c, String gtrid) throws java.sql.SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT decision FROM transaction_log WHERE gtrid = ?")) {
      select.setString(1, gtrid);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? Optional.of(TransactionDecision.valueOf(rs.getString(1))) : Optional.empty();
      }
    }
  }
}

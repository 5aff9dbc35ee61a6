package dev.shardline.driver.session;

import dev.shardline.directory.TransactionDecision;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The directory's transaction log as two-phase transactions use it: the decision written there is
 * the commit point (see {@code dev.shardline.directory.Directory#decideTransaction}).
 *
 * <p>Implementations are thread safe: one serves every connection of a driver instance.
 */
public interface DecisionLog {
  /** Records {@code wanted} unless a decision is recorded already; returns the recorded one. */
  TransactionDecision decide(String gtrid, TransactionDecision wanted, String nodeIds) throws SQLException;

  /** The recorded decision, if any. */
  Optional<TransactionDecision> decision(String gtrid) throws SQLException;

  /** Deletes a decision whose branches are all finished, now or later (recovery deletes what is left). */
  void forget(String gtrid);
}

package dev.shardline.directory;

/** The outcome of a cross-node transaction, as the directory's transaction log stores it. */
public enum TransactionDecision {
  COMMIT,
  ROLLBACK
}

package dev.shardline.sandbox;

/**
 * The accounts every sandbox server has, created at each start by {@code --init-file}.
 *
 * <p>{@code sql_log_bin=0} keeps the statements out of the binary log, so servers that each run
 * the file do not replicate conflicting user changes to one another. The application account has
 * no READ_ONLY ADMIN (nor SUPER), so {@code read_only=ON} really stops its writes.
 */
final class InitFile {
  static final String SQL =
      String.join(
          "\n",
          "SET sql_log_bin=0;",
          "CREATE USER IF NOT EXISTS '" + SandboxCluster.ADMIN_USER + "'@'%' IDENTIFIED BY '" + SandboxCluster.ADMIN_PASSWORD + "';",
          "GRANT ALL PRIVILEGES ON *.* TO '" + SandboxCluster.ADMIN_USER + "'@'%' WITH GRANT OPTION;",
          "CREATE USER IF NOT EXISTS '" + SandboxCluster.REPLICATION_USER + "'@'%' IDENTIFIED BY '" + SandboxCluster.REPLICATION_PASSWORD + "';",
          "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO '" + SandboxCluster.REPLICATION_USER + "'@'%';",
          "CREATE USER IF NOT EXISTS '" + SandboxCluster.APP_USER + "'@'%' IDENTIFIED BY '" + SandboxCluster.APP_PASSWORD + "';",
          "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX, REFERENCES, CREATE VIEW, SHOW VIEW, CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, TRIGGER, PROCESS, SLAVE MONITOR, BINLOG MONITOR ON *.* TO '" + SandboxCluster.APP_USER + "'@'%';",
          "CREATE USER IF NOT EXISTS '" + SandboxCluster.HEALTH_CHECK_USER + "'@'%';",
          "");

  private InitFile() {}
}

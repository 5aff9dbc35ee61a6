package dev.shardline.directory.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * Every statement {@code shardline promote} sends to a node's masters, in one place so a reviewer
 * can see at a glance what a promotion does to a server: two {@code SET GLOBAL read_only}, one
 * wait function, and reads. Written for MariaDB (GTID functions {@code MASTER_GTID_WAIT} and
 * {@code @@gtid_binlog_pos}); the privileges they need are listed in docs/directory.md.
 *
 * <p>Stateless; the connections are the caller's.
 */
final class MasterSql {
  /** What {@code SHOW SLAVE STATUS} says about the target's replication, as much as promote needs. */
  record ReplicaStatus(
      String source, String masterLogFile, long readMasterLogPos, String ioRunning, String sqlRunning,
      String lastIoError, String lastSqlError) {
    String describe() {
      return "replicating from " + source + ", IO thread " + ioRunning + ", SQL thread " + sqlRunning
          + (lastIoError.isEmpty() ? "" : ", last IO error '" + lastIoError + "'")
          + (lastSqlError.isEmpty() ? "" : ", last SQL error '" + lastSqlError + "'");
    }
  }

  private MasterSql() {}

  /**
   * Sets {@code read_only = ON}. The statement waits for running commits and table locks, so the
   * session's {@code lock_wait_timeout} bounds it: a fence that cannot be set must fail, not hang.
   */
  static void fence(Connection c, Duration lockWait) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET SESSION lock_wait_timeout = " + Math.max(1, lockWait.toSeconds()));
      s.execute("SET GLOBAL read_only = ON");
    }
  }

  static void makeWritable(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET GLOBAL read_only = OFF");
    }
  }

  /** Every GTID the server has written to its binary log: after a fence, all it will ever have. */
  static String gtidBinlogPos(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT @@GLOBAL.gtid_binlog_pos")) {
      rs.next();
      String pos = rs.getString(1);
      return pos == null ? "" : pos;
    }
  }

  /** {@code MASTER_GTID_WAIT}: true once the server has applied {@code position}, false on timeout. */
  static boolean awaitGtid(Connection c, String position, Duration timeout) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT MASTER_GTID_WAIT(?, ?)")) {
      ps.setString(1, position);
      ps.setDouble(2, timeout.toMillis() / 1000.0);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) == 0 && !rs.wasNull();
      }
    }
  }

  /** {@code SHOW SLAVE STATUS} of the default replication connection; empty when it replicates from nothing. */
  static Optional<ReplicaStatus> replicaStatus(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
      if (!rs.next()) {
        return Optional.empty();
      }
      return Optional.of(new ReplicaStatus(
          rs.getString("Master_Host") + ":" + rs.getInt("Master_Port"),
          rs.getString("Master_Log_File"),
          rs.getLong("Read_Master_Log_Pos"),
          rs.getString("Slave_IO_Running"),
          rs.getString("Slave_SQL_Running"),
          nullToEmpty(rs.getString("Last_IO_Error")),
          nullToEmpty(rs.getString("Last_SQL_Error"))));
    }
  }

  /**
   * {@code MASTER_POS_WAIT}: waits until the SQL thread has applied the relay log up to what the IO
   * thread had read. Returns the function's answer: events waited for (at least 0), -1 on timeout,
   * null when the SQL thread is not running.
   */
  static Long awaitRelayLog(Connection c, String masterLogFile, long position, Duration timeout) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT MASTER_POS_WAIT(?, ?, ?)")) {
      ps.setString(1, masterLogFile);
      ps.setLong(2, position);
      ps.setDouble(3, timeout.toMillis() / 1000.0);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long result = rs.getLong(1);
        return rs.wasNull() ? null : result;
      }
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}

package dev.shardline.driver.jdbc;

import java.sql.NClob;
import java.sql.SQLException;
import javax.sql.rowset.serial.SerialClob;

/** An in-memory NClob: NClob adds no method to Clob, so the JDK's SerialClob does the work. */
final class SerialNClob extends SerialClob implements NClob {
  SerialNClob(char[] text) throws SQLException {
    super(text);
  }
}

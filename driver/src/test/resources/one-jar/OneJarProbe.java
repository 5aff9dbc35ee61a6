import dev.shardline.driver.ShardlineConnection;
import dev.shardline.driver.ShardlineDriver;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * Run by OneJarIT through Java's single-file source launcher, with nothing on the class path but
 * shardline-driver-<version>-all.jar: writes one row and reads it back through DriverManager, as a
 * SQL client that loads one jar would, and says whether Micrometer is present (it must not be).
 */
public class OneJarProbe {
  public static void main(String[] args) throws Exception {
    String url = args[0];
    long key = Long.parseLong(args[1]);
    try {
      Class.forName("io.micrometer.core.instrument.MeterRegistry");
      System.out.println("micrometer=present");
    } catch (ClassNotFoundException expected) {
      System.out.println("micrometer=absent");
    }
    try (Connection c = DriverManager.getConnection(url)) {
      System.out.println("driver=" + c.getMetaData().getDriverName());
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, ?)")) {
        insert.setLong(1, key);
        insert.setString(2, "one-jar");
        System.out.println("inserted=" + insert.executeUpdate());
      }
      try (PreparedStatement select = c.prepareStatement("SELECT name FROM users WHERE user_id = ?")) {
        select.setLong(1, key);
        try (ResultSet rs = select.executeQuery()) {
          System.out.println("name=" + (rs.next() ? rs.getString(1) : "(no row)"));
        }
      }
      String sql = "SELECT name FROM users WHERE user_id = ?";
      System.out.println("node=" + c.unwrap(ShardlineConnection.class).explain(sql, key).targets().get(0).node());
    } finally {
      ShardlineDriver.shutdown();
    }
  }
}

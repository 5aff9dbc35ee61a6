package dev.shardline.samples.quickstart;

import com.mysql.cj.jdbc.MysqlDataSource;
import dev.shardline.directory.Directory;
import dev.shardline.directory.DirectoryConfig;
import dev.shardline.directory.DirectorySchema;
import dev.shardline.driver.ShardlineDriver;
import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxInstance;
import dev.shardline.sandbox.SandboxNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The README's main job: a sandbox cluster (directory + 2 nodes, each with a passive master and a
 * replica), nodes registered in the directory as an operator would, then an application that
 * knows only its JDBC URL: it creates a schema, writes 1,000 users with posts, and reads a sample
 * back. It prints where the users went and which server answered each sampled read.
 */
public final class Quickstart {
  static final int USERS = 1_000;
  private static final String DIRECTORY_DB = "shardline_directory";
  private static final String APP_DB = "quickstart";

  private final PrintStream out;

  Quickstart(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    new Quickstart(System.out).run(Path.of("target", "shardline-sandbox", "quickstart"));
  }

  /** Runs the whole demo and returns users per node, as the nodes' masters count them. */
  Map<String, Long> run(Path dataRoot) throws Exception {
    out.println("Starting a sandbox cluster: directory + 2 nodes x (master, passive master, replica)...");
    try (SandboxCluster cluster = SandboxCluster.builder().nodes(2).replicasPerNode(1).dataRoot(dataRoot).start()) {
      out.println(cluster);
      registerNodes(cluster);
      String url = "jdbc:shardline://" + cluster.directoryPrimary().address() + "," + cluster.directoryReplica().orElseThrow().address()
          + "/" + DIRECTORY_DB + "?user=" + SandboxCluster.APP_USER + "&password=" + SandboxCluster.APP_PASSWORD
          + "&shardline.database=" + APP_DB + "&sslMode=DISABLED";
      out.println("Application URL: " + url.replace("password=" + SandboxCluster.APP_PASSWORD, "password=***"));
      try (Connection c = DriverManager.getConnection(url)) {
        createSchema(c);
        long started = System.nanoTime();
        writeUsers(c);
        out.printf("Wrote %d users with 2 posts each through jdbc:shardline: in %d ms%n", USERS, (System.nanoTime() - started) / 1_000_000);
      }
      cluster.awaitReplication(Duration.ofSeconds(30));
      Map<String, Long> spread = spread(cluster);
      sampleReads(cluster, url);
      // As an application does at shutdown: close the data layer before the databases go away.
      ShardlineDriver.shutdown();
      out.println("Stopping the cluster.");
      return spread;
    }
  }

  private void registerNodes(SandboxCluster cluster) throws SQLException {
    cluster.directoryPrimary().execute("CREATE DATABASE IF NOT EXISTS " + DIRECTORY_DB);
    MysqlDataSource directoryDb = new MysqlDataSource();
    directoryDb.setUrl(cluster.directoryPrimary().jdbcUrl(DIRECTORY_DB));
    directoryDb.setUser(SandboxCluster.APP_USER);
    directoryDb.setPassword(SandboxCluster.APP_PASSWORD);
    DirectorySchema.migrate(directoryDb);
    try (Directory directory = Directory.open(DirectoryConfig.builder().primary(directoryDb).build())) {
      for (SandboxNode node : cluster.nodes()) {
        directory.registerNode(node.name(), List.of(node.writeEndpoints().split(",")), List.of(node.readEndpoints().split(",")), 1);
        node.activeMaster().execute("CREATE DATABASE IF NOT EXISTS " + APP_DB);
        out.printf("Registered %s: write %s, read %s%n", node.name(), node.writeEndpoints(), node.readEndpoints());
      }
    }
  }

  private static void createSchema(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS users (user_id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL)");
      s.execute("CREATE TABLE IF NOT EXISTS posts (id BIGINT AUTO_INCREMENT PRIMARY KEY, user_id BIGINT NOT NULL, title VARCHAR(200) NOT NULL, KEY (user_id))");
    }
  }

  private static void writeUsers(Connection c) throws SQLException {
    try (PreparedStatement users = c.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, ?)");
        PreparedStatement posts = c.prepareStatement("INSERT INTO posts (user_id, title) VALUES (?, ?), (?, ?)")) {
      for (long user = 1; user <= USERS; user++) {
        users.setLong(1, user);
        users.setString(2, "user " + user);
        users.addBatch();
        posts.setLong(1, user);
        posts.setString(2, "first post of " + user);
        posts.setLong(3, user);
        posts.setString(4, "second post of " + user);
        posts.addBatch();
        if (user % 100 == 0) {
          users.executeBatch();
          posts.executeBatch();
        }
      }
    }
  }

  private Map<String, Long> spread(SandboxCluster cluster) {
    Map<String, Long> users = new TreeMap<>();
    out.println("Where the rows are (counted on each node's master and replica directly):");
    for (SandboxNode node : cluster.nodes()) {
      long onMaster = node.activeMaster().queryLong("SELECT COUNT(*) FROM " + APP_DB + ".users");
      long posts = node.activeMaster().queryLong("SELECT COUNT(*) FROM " + APP_DB + ".posts");
      long onReplica = node.replicas().get(0).queryLong("SELECT COUNT(*) FROM " + APP_DB + ".users");
      users.put(node.name(), onMaster);
      out.printf("  %s: %d users, %d posts on the master; %d users on its replica%n", node.name(), onMaster, posts, onReplica);
    }
    return users;
  }

  private void sampleReads(SandboxCluster cluster, String url) throws SQLException {
    Map<Integer, String> servers = new TreeMap<>();
    for (SandboxInstance instance : cluster.instances()) {
      servers.put(instance.serverId(), instance.name() + " (" + instance.role().name().toLowerCase() + ")");
    }
    out.println("A sample of reads on a fresh connection, and the server that answered (@@server_id):");
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps = c.prepareStatement("SELECT @@server_id, name, (SELECT COUNT(*) FROM posts p WHERE p.user_id = u.user_id) FROM users u WHERE u.user_id = ?")) {
      for (long user : new long[] {1, 2, 3, 500, 999}) {
        ps.setLong(1, user);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          out.printf("  user %-4d %-9s %d posts  <- %s%n", user, rs.getString(2), rs.getLong(3), servers.get(rs.getInt(1)));
        }
      }
      c.setAutoCommit(false);
      ps.setLong(1, 1);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        out.printf("  user 1 inside a transaction             <- %s%n", servers.get(rs.getInt(1)));
      }
      c.commit();
    }
  }
}

package dev.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxInstance;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * The same generated social-site data in the sharded cluster (through Shardline) and in one plain
 * MariaDB database that holds all of it (the reference), and the comparison of a query's answers
 * from both: the proof that a merge gives what one MySQL would.
 *
 * <p>Users are placed by the directory; posts per user are skewed (a few users have many), so the
 * nodes differ in size. Names mix case and share prefixes, so string order and grouping depend on
 * the collation.
 */
final class ReferenceDatabase {
  static final String[] COUNTRIES = {"fr", "de", "us", "jp", "br", "FR"};
  private static final String[] NAMES = {"alice", "Alice", "bob", "Bob", "carol", "dave", "Émile", "zoe", "Zoë", "yann", "al", "ALICE"};

  final String referenceUrl;
  final String shardlineUrl;
  final int users;

  private ReferenceDatabase(String referenceUrl, String shardlineUrl, int users) {
    this.referenceUrl = referenceUrl;
    this.shardlineUrl = shardlineUrl;
    this.users = users;
  }

  /** Creates the schema on both sides and loads {@code users} users with their posts and comments. */
  static ReferenceDatabase load(ClusterFixture fixture, String shardlineUrl, int users, long seed) throws SQLException {
    SandboxInstance server = fixture.cluster.directoryPrimary();
    String database = fixture.appDatabase + "_ref";
    server.execute("DROP DATABASE IF EXISTS " + database, "CREATE DATABASE " + database);
    String referenceUrl = server.jdbcUrl(database);
    ReferenceDatabase data = new ReferenceDatabase(referenceUrl, shardlineUrl, users);
    String[] schema = {
        "CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, country CHAR(2), score INT NOT NULL,"
            + " balance DECIMAL(10,2), rating DOUBLE, joined DATETIME NOT NULL)",
        "CREATE TABLE posts (post_id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, title VARCHAR(60) NOT NULL, likes INT NOT NULL, kind INT NOT NULL,"
            + " created DATETIME NOT NULL, KEY (user_id))",
        "CREATE TABLE comments (comment_id BIGINT PRIMARY KEY, post_id BIGINT NOT NULL, user_id BIGINT NOT NULL, body VARCHAR(80), KEY (user_id))",
        "CREATE TABLE kinds (kind INT PRIMARY KEY, label VARCHAR(20) NOT NULL)"};
    try (Connection shardline = DriverManager.getConnection(shardlineUrl);
        Connection reference = DriverManager.getConnection(referenceUrl, SandboxCluster.APP_USER, SandboxCluster.APP_PASSWORD)) {
      for (String ddl : schema) {
        try (Statement s = shardline.createStatement()) {
          s.execute(ddl);
        }
        try (Statement s = reference.createStatement()) {
          s.execute(ddl);
        }
      }
      Random random = new Random(seed);
      List<Object[]> kinds = new ArrayList<>();
      for (int k = 0; k < 4; k++) {
        kinds.add(new Object[] {k, "kind" + k});
      }
      insert(shardline, reference, "INSERT INTO kinds (kind, label) VALUES ", kinds);
      List<Object[]> userRows = new ArrayList<>();
      List<Object[]> postRows = new ArrayList<>();
      List<Object[]> commentRows = new ArrayList<>();
      long post = 0;
      long comment = 0;
      for (long user = 1; user <= users; user++) {
        String name = NAMES[random.nextInt(NAMES.length)] + (random.nextInt(3) == 0 ? "" : " " + (char) ('a' + random.nextInt(26)));
        Object balance = random.nextInt(10) == 0 ? null : BigDecimal.valueOf(random.nextInt(200_000) - 50_000, 2);
        Object rating = random.nextInt(8) == 0 ? null : Math.round(random.nextDouble() * 500) / 100.0;
        Object country = random.nextInt(12) == 0 ? null : COUNTRIES[random.nextInt(COUNTRIES.length)];
        userRows.add(new Object[] {user, name, country, random.nextInt(100), balance, rating, time(random)});
        int posts = random.nextInt(10) == 0 ? 20 + random.nextInt(30) : random.nextInt(5);
        for (int p = 0; p < posts; p++) {
          post++;
          postRows.add(new Object[] {post, user, "post " + post + (random.nextBoolean() ? " Hello" : " hello"), random.nextInt(50), random.nextInt(4), time(random)});
          if (random.nextInt(3) == 0) {
            comment++;
            commentRows.add(new Object[] {comment, post, 1 + random.nextInt(users), "c" + comment});
          }
        }
      }
      insert(shardline, reference, "INSERT INTO users (user_id, name, country, score, balance, rating, joined) VALUES ", userRows);
      insert(shardline, reference, "INSERT INTO posts (post_id, user_id, title, likes, kind, created) VALUES ", postRows);
      insert(shardline, reference, "INSERT INTO comments (comment_id, post_id, user_id, body) VALUES ", commentRows);
    }
    fixture.cluster.awaitReplication(java.time.Duration.ofSeconds(30));
    return data;
  }

  private static String time(Random random) {
    return String.format("2026-%02d-%02d %02d:%02d:%02d", 1 + random.nextInt(12), 1 + random.nextInt(28), random.nextInt(24), random.nextInt(60),
        random.nextInt(60));
  }

  /** Multi-row INSERTs of 200 rows: through Shardline they are split per node. */
  private static void insert(Connection shardline, Connection reference, String head, List<Object[]> rows) throws SQLException {
    for (int from = 0; from < rows.size(); from += 200) {
      List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + 200));
      StringBuilder sql = new StringBuilder(head);
      int width = chunk.get(0).length;
      for (int r = 0; r < chunk.size(); r++) {
        sql.append(r == 0 ? "" : ", ").append('(').append("?, ".repeat(width - 1)).append("?)");
      }
      for (Connection c : new Connection[] {shardline, reference}) {
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
          int i = 1;
          for (Object[] row : chunk) {
            for (Object value : row) {
              ps.setObject(i++, value);
            }
          }
          int count = ps.executeUpdate();
          if (c == reference) {
            assertEquals(chunk.size(), count); // through Shardline a broadcast table's rows count once per node
          }
        }
      }
    }
  }

  /** A query's answer: its column labels and rows, values normalised so equal SQL values compare equal. */
  record Answer(List<String> labels, List<List<Object>> rows) {}

  static Answer answer(Connection c, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        ps.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> labels = new ArrayList<>();
        for (int c1 = 1; c1 <= meta.getColumnCount(); c1++) {
          labels.add(meta.getColumnLabel(c1));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
          List<Object> row = new ArrayList<>();
          for (int c1 = 1; c1 <= labels.size(); c1++) {
            row.add(normalise(rs.getObject(c1)));
          }
          rows.add(row);
        }
        return new Answer(labels, rows);
      }
    }
  }

  static Object normalise(Object value) {
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return new Approximate(d);
    }
    if (value instanceof Number n) {
      return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
    }
    if (value instanceof byte[] b) {
      return Arrays.toString(b);
    }
    if (value instanceof Boolean b) {
      return b ? "1" : "0";
    }
    if (value instanceof String text) {
      // utf8mb4_general_ci: 'Alice', 'alice' and 'ALICE' are one value, and so are 'Zoë' and 'Zoe'.
      // Which spelling a GROUP BY or DISTINCT returns is up to the server, so compare as the collation does.
      return java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(java.util.Locale.ROOT)
          .replaceAll(" +$", "");
    }
    return value == null ? null : value.toString();
  }

  /** A DOUBLE, equal to another within a relative 1e-9: sums of doubles depend on the order they are added in. */
  record Approximate(double value) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Approximate a && (value == a.value || Math.abs(value - a.value) <= 1e-9 * Math.max(Math.abs(value), Math.abs(a.value)));
    }

    @Override
    public int hashCode() {
      return 0; // equal values may differ in their last bits
    }

    @Override
    public String toString() {
      return Double.toString(value);
    }
  }

  /** Whether two answers are the same: in order when the query orders its rows fully, as multisets otherwise. */
  static String difference(Answer expected, Answer actual, boolean ordered) {
    if (!expected.labels().equals(actual.labels())) {
      return "labels " + actual.labels() + " instead of " + expected.labels();
    }
    if (expected.rows().size() != actual.rows().size()) {
      return actual.rows().size() + " rows instead of " + expected.rows().size();
    }
    if (ordered) {
      for (int i = 0; i < expected.rows().size(); i++) {
        if (!expected.rows().get(i).equals(actual.rows().get(i))) {
          return "row " + (i + 1) + " is " + actual.rows().get(i) + ", expected " + expected.rows().get(i);
        }
      }
      return null;
    }
    Map<List<Object>, Integer> counts = new HashMap<>();
    for (List<Object> row : expected.rows()) {
      counts.merge(row, 1, Integer::sum);
    }
    for (List<Object> row : actual.rows()) {
      Integer left = counts.get(row);
      if (left == null) {
        // Approximate values hash alike but may only match a row within the tolerance: search.
        List<Object> match = counts.keySet().stream().filter(r -> Objects.equals(r, row)).findFirst().orElse(null);
        if (match == null) {
          return "row " + row + " is not in the reference answer";
        }
        left = counts.get(match);
        counts.put(match, left - 1);
        if (left - 1 == 0) {
          counts.remove(match);
        }
        continue;
      }
      if (left == 1) {
        counts.remove(row);
      } else {
        counts.put(row, left - 1);
      }
    }
    return counts.isEmpty() ? null : "rows missing: " + counts.keySet();
  }
}

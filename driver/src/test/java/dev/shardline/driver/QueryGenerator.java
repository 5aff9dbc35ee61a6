package dev.shardline.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random queries over {@link ReferenceDatabase}'s schema, in the grammar a merge across nodes
 * supports: projections, predicates, aggregates, GROUP BY with HAVING, DISTINCT, ORDER BY,
 * LIMIT/OFFSET, joins on the shard key and with the broadcast table, key lists. Queries with a LIMIT
 * always order fully (ties broken by a unique key), so their answer is one list; others compare as
 * multisets.
 */
final class QueryGenerator {
  /** A query and whether it orders its rows fully. */
  record Generated(String sql, boolean ordered) {}

  private static final String[] USER_PREDICATES = {
      "u.score > %d", "u.score < %d", "u.score BETWEEN %d AND %d", "u.country = '%s'", "u.country IN ('%s', '%s')", "u.country IS NULL",
      "u.balance > %d", "u.balance IS NULL", "u.name LIKE '%s%%'", "u.rating >= %d", "u.user_id IN (%s)", "u.user_id < %d"};
  private static final String[] POST_PREDICATES = {"p.likes > %d", "p.likes < %d", "p.kind = %d", "p.kind IN (%d, %d)", "p.title LIKE '%%hello'"};
  private static final String[] NAMES = {"al", "Al", "b", "zo", "Zo", "car", "É"};

  private final Random random;
  private final int users;

  QueryGenerator(Random random, int users) {
    this.random = random;
    this.users = users;
  }

  Generated next() {
    boolean join = random.nextInt(3) == 0;
    boolean withKinds = !join && random.nextInt(6) == 0;
    String from = join ? "users u JOIN posts p ON p.user_id = u.user_id" : withKinds ? "posts p JOIN kinds k ON k.kind = p.kind" : pick("users u", "posts p");
    boolean hasUsers = from.contains("users");
    boolean hasPosts = from.contains("posts");
    String where = where(hasUsers, hasPosts);
    return switch (random.nextInt(4)) {
      case 0 -> rows(from, where, hasUsers, hasPosts, withKinds);
      case 1 -> aggregates(from, where, hasUsers, hasPosts);
      case 2 -> grouped(from, where, hasUsers, hasPosts, withKinds);
      default -> distinct(from, where, hasUsers, hasPosts);
    };
  }

  private Generated rows(String from, String where, boolean hasUsers, boolean hasPosts, boolean withKinds) {
    List<String> columns = new ArrayList<>();
    if (hasUsers) {
      columns.add("u.user_id");
      addSome(columns, "u.name", "u.country", "u.score", "u.balance", "u.rating", "u.joined", "u.score * 3 - 1 AS s3");
    }
    if (hasPosts) {
      columns.add("p.post_id");
      addSome(columns, "p.title", "p.likes", "p.kind", "p.created");
    }
    if (withKinds) {
      columns.add("k.label");
    }
    String key = hasPosts ? "p.post_id" : "u.user_id";
    String sql = "SELECT " + String.join(", ", columns) + " FROM " + from + where;
    if (random.nextBoolean()) {
      String order = orderColumns(hasUsers, hasPosts) + key + (random.nextBoolean() ? " DESC" : "");
      sql += " ORDER BY " + order + limit(random.nextInt(3) != 0);
      return new Generated(sql, true);
    }
    return new Generated(sql, false);
  }

  private Generated aggregates(String from, String where, boolean hasUsers, boolean hasPosts) {
    List<String> items = new ArrayList<>();
    items.add("COUNT(*)");
    if (hasUsers) {
      addSome(items, "SUM(u.score)", "AVG(u.score)", "MIN(u.name)", "MAX(u.name)", "SUM(u.balance)", "AVG(u.balance)", "MAX(u.joined)",
          "COUNT(u.balance)", "MIN(u.country)", "COUNT(DISTINCT u.user_id)", "SUM(u.score) / COUNT(*)", "MAX(u.score) - MIN(u.score)");
    }
    if (hasPosts) {
      addSome(items, "SUM(p.likes)", "AVG(p.likes)", "MIN(p.created)", "MAX(p.likes)", "COUNT(DISTINCT p.user_id)", "SUM(p.likes) % 5");
    }
    String sql = "SELECT " + String.join(", ", items) + " FROM " + from + where;
    if (random.nextInt(5) == 0) {
      sql += " HAVING COUNT(*) > " + random.nextInt(50);
    }
    return new Generated(sql, false);
  }

  private Generated grouped(String from, String where, boolean hasUsers, boolean hasPosts, boolean withKinds) {
    List<String> keys = new ArrayList<>();
    if (hasUsers && random.nextBoolean()) {
      keys.add(pick("u.country", "u.name", "u.score", "u.user_id"));
    }
    if (hasPosts && (keys.isEmpty() || random.nextBoolean())) {
      keys.add(pick("p.kind", "p.likes", "p.user_id"));
    }
    if (withKinds && random.nextBoolean()) {
      keys.add("k.label");
    }
    if (keys.isEmpty()) {
      keys.add(hasUsers ? "u.country" : "p.kind");
    }
    List<String> items = new ArrayList<>(keys);
    items.add("COUNT(*) AS n");
    if (hasUsers) {
      addSome(items, "SUM(u.score) AS ss", "AVG(u.score) AS av", "MIN(u.name) AS mn", "MAX(u.balance) AS mb");
    }
    if (hasPosts) {
      addSome(items, "SUM(p.likes) AS sl", "MAX(p.likes) AS ml", "MIN(p.created) AS mc", "AVG(p.likes) AS al");
    }
    String sql = "SELECT " + String.join(", ", items) + " FROM " + from + where + " GROUP BY " + String.join(", ", keys);
    if (random.nextInt(3) == 0) {
      sql += " HAVING n " + pick(">", "<", ">=") + " " + random.nextInt(20);
    }
    if (random.nextBoolean()) {
      // The group keys are unique per group: ordering by them, last, orders fully.
      String first = random.nextBoolean() ? "n" + (random.nextBoolean() ? " DESC" : "") + ", " : "";
      List<String> ordered = new ArrayList<>();
      for (String key : keys) {
        ordered.add(key + (random.nextBoolean() ? " DESC" : ""));
      }
      sql += " ORDER BY " + first + String.join(", ", ordered) + limit(random.nextBoolean());
      return new Generated(sql, true);
    }
    return new Generated(sql, false);
  }

  private Generated distinct(String from, String where, boolean hasUsers, boolean hasPosts) {
    List<String> columns = new ArrayList<>();
    if (hasUsers) {
      addSome(columns, "u.country", "u.name", "u.score > 50", "u.score");
    }
    if (hasPosts) {
      addSome(columns, "p.kind", "p.likes");
    }
    if (columns.isEmpty()) {
      columns.add(hasUsers ? "u.country" : "p.kind");
    }
    String sql = "SELECT DISTINCT " + String.join(", ", columns) + " FROM " + from + where;
    if (random.nextBoolean()) {
      List<String> order = new ArrayList<>();
      for (String column : columns) {
        order.add(column + (random.nextBoolean() ? " DESC" : ""));
      }
      sql += " ORDER BY " + String.join(", ", order) + limit(random.nextBoolean());
      return new Generated(sql, true);
    }
    return new Generated(sql, false);
  }

  private String where(boolean hasUsers, boolean hasPosts) {
    List<String> terms = new ArrayList<>();
    int count = random.nextInt(3);
    for (int i = 0; i < count; i++) {
      if (hasUsers && (!hasPosts || random.nextBoolean())) {
        terms.add(fill(USER_PREDICATES[random.nextInt(USER_PREDICATES.length)]));
      } else if (hasPosts) {
        terms.add(fill(POST_PREDICATES[random.nextInt(POST_PREDICATES.length)]));
      }
    }
    if (terms.isEmpty()) {
      return "";
    }
    return " WHERE " + String.join(random.nextInt(4) == 0 ? " OR " : " AND ", terms);
  }

  private String fill(String template) {
    if (template.contains("IN (%s)")) {
      List<String> keys = new ArrayList<>();
      for (int i = 0, n = 2 + random.nextInt(8); i < n; i++) {
        keys.add(Integer.toString(1 + random.nextInt(users)));
      }
      return template.replace("%s", String.join(", ", keys));
    }
    String out = template;
    while (out.contains("%d") || out.contains("%s")) {
      int d = out.indexOf("%d");
      int s = out.indexOf("%s");
      if (d >= 0 && (s < 0 || d < s)) {
        out = out.substring(0, d) + random.nextInt(100) + out.substring(d + 2);
      } else {
        String value = out.contains("LIKE") ? NAMES[random.nextInt(NAMES.length)] : ReferenceDatabase.COUNTRIES[random.nextInt(ReferenceDatabase.COUNTRIES.length)];
        out = out.substring(0, s) + value + out.substring(s + 2);
      }
    }
    return out.replace("%%", "%");
  }

  private String orderColumns(boolean hasUsers, boolean hasPosts) {
    StringBuilder out = new StringBuilder();
    for (int i = 0, n = random.nextInt(3); i < n; i++) {
      String column = hasUsers && (!hasPosts || random.nextBoolean()) ? pick("u.name", "u.country", "u.score", "u.balance", "u.rating", "u.joined")
          : pick("p.likes", "p.title", "p.created", "p.kind");
      out.append(column).append(random.nextBoolean() ? " DESC" : "").append(", ");
    }
    return out.toString();
  }

  private String limit(boolean present) {
    if (!present) {
      return "";
    }
    int count = 1 + random.nextInt(40);
    return random.nextBoolean() ? " LIMIT " + count : " LIMIT " + count + " OFFSET " + random.nextInt(300);
  }

  private void addSome(List<String> into, String... options) {
    for (String option : options) {
      if (random.nextInt(3) == 0) {
        into.add(option);
      }
    }
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }
}

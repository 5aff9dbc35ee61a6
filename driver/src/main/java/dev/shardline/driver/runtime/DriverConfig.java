package dev.shardline.driver.runtime;

import dev.shardline.driver.ShardlineProperty;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The validated, sealed configuration of one Shardline runtime: the URL, every {@code shardline.*}
 * property, and the Connector/J properties passed through to physical connections.
 *
 * <p>Validation happens once, here. A wrong routing setting is refused with an SQLException naming
 * the property, the value and what is allowed; nothing is "fixed" with a warning, because a wrong
 * shard is worse than a driver that will not start. Immutable and thread safe.
 */
public final class DriverConfig {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_$]+");
  private static final String INVALID = "HY024";

  private final ShardlineUrl url;
  private final String user;
  private final String password;
  private final Map<ShardlineProperty, String> values;
  private final Map<String, String> passThrough;
  private final String identity;

  private DriverConfig(ShardlineUrl url, String user, String password, Map<ShardlineProperty, String> values, Map<String, String> passThrough, String identity) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.values = values;
    this.passThrough = passThrough;
    this.identity = identity;
  }

  public static DriverConfig from(String rawUrl, Properties info) throws SQLException {
    ShardlineUrl url = ShardlineUrl.parse(rawUrl);
    Map<String, String> merged = new TreeMap<>();
    if (info != null) {
      info.stringPropertyNames().forEach(k -> merged.put(k, info.getProperty(k)));
    }
    url.properties().stringPropertyNames().forEach(k -> merged.put(k, url.properties().getProperty(k)));

    Map<ShardlineProperty, String> values = new EnumMap<>(ShardlineProperty.class);
    Map<String, String> passThrough = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : merged.entrySet()) {
      String key = entry.getKey();
      if (key.startsWith("shardline.")) {
        ShardlineProperty property =
            ShardlineProperty.byKey(key)
                .orElseThrow(() -> new SQLException(
                    "unknown property " + key + "; Shardline knows " + ShardlineProperty.keys(), INVALID));
        values.put(property, validate(property, entry.getValue()));
      } else if (!key.equals("user") && !key.equals("password")) {
        passThrough.put(key, entry.getValue());
      }
    }
    String user = merged.get("user");
    if (user == null || user.isBlank()) {
      throw new SQLException("property user is missing: give the directory user in the URL (?user=...) or in the connection properties", INVALID);
    }
    if (!values.containsKey(ShardlineProperty.DATABASE)) {
      throw new SQLException(
          "property " + ShardlineProperty.DATABASE.key() + " is missing: name the application database on the nodes, e.g. ?"
              + ShardlineProperty.DATABASE.key() + "=app", INVALID);
    }
    for (ShardlineProperty property : ShardlineProperty.values()) {
      property.defaultValue().ifPresent(d -> values.putIfAbsent(property, d));
    }
    DriverConfig config = new DriverConfig(url, user, merged.getOrDefault("password", ""), values, passThrough, identity(url, merged));
    config.checkCrossFieldRules();
    return config;
  }

  private static String validate(ShardlineProperty property, String raw) throws SQLException {
    String value = raw == null ? "" : raw.trim();
    boolean ok =
        switch (property.kind()) {
          case TEXT -> true;
          case IDENTIFIER -> IDENTIFIER.matcher(value).matches();
          case IDENTIFIER_OR_EMPTY -> value.isEmpty() || IDENTIFIER.matcher(value).matches();
          case IDENTIFIER_LIST -> value.isEmpty() || List.of(value.split(",")).stream().allMatch(v -> IDENTIFIER.matcher(v.trim()).matches());
          case TABLE_COLUMN_LIST -> value.isEmpty() || List.of(value.split(",")).stream().allMatch(DriverConfig::isTableColumn);
          case POSITIVE_INT -> parses(value) && Long.parseLong(value) >= 1;
          case NON_NEGATIVE_INT -> parses(value) && Long.parseLong(value) >= 0;
          case BOOLEAN -> value.equals("true") || value.equals("false");
          case KEYLESS_WRITES -> value.equals("refuse") || value.equals("all-nodes");
          case TRANSACTIONS -> dev.shardline.driver.TransactionMode.of(value).isPresent();
        };
    if (!ok) {
      throw new SQLException(
          "property " + property.key() + " was set to '" + value + "', must be " + property.allowedValues(), INVALID);
    }
    return value;
  }

  private void checkCrossFieldRules() throws SQLException {
    if (millis(ShardlineProperty.DIRECTORY_WRITE_LEASE_MS).compareTo(millis(ShardlineProperty.DIRECTORY_POLL_MS)) <= 0) {
      throw new SQLException(
          "property " + ShardlineProperty.DIRECTORY_WRITE_LEASE_MS.key() + " (" + text(ShardlineProperty.DIRECTORY_WRITE_LEASE_MS)
              + ") must be greater than " + ShardlineProperty.DIRECTORY_POLL_MS.key() + " (" + text(ShardlineProperty.DIRECTORY_POLL_MS)
              + "): a lease shorter than the poll interval would refuse every write", INVALID);
    }
    if (integer(ShardlineProperty.POOL_CHECKOUT_TIMEOUT_MS) < 250) {
      throw new SQLException(
          "property " + ShardlineProperty.POOL_CHECKOUT_TIMEOUT_MS.key() + " was set to '" + text(ShardlineProperty.POOL_CHECKOUT_TIMEOUT_MS)
              + "', must be >= 250 (HikariCP's lower bound)", INVALID);
    }
    if (integer(ShardlineProperty.IDS_BLOCK_SIZE) > 1_000_000) {
      throw new SQLException(
          "property " + ShardlineProperty.IDS_BLOCK_SIZE.key() + " was set to '" + text(ShardlineProperty.IDS_BLOCK_SIZE)
              + "', must be between 1 and 1000000 (the directory reserves at most that many ids at a time)", INVALID);
    }
    Set<String> global = list(ShardlineProperty.GLOBAL_TABLES);
    for (String broadcast : list(ShardlineProperty.BROADCAST_TABLES)) {
      if (global.contains(broadcast)) {
        throw new SQLException("table " + broadcast + " is in both " + ShardlineProperty.GLOBAL_TABLES.key() + " and "
            + ShardlineProperty.BROADCAST_TABLES.key() + "; a table lives in one place", INVALID);
      }
    }
    for (String table : shardedTables().keySet()) {
      if (global.contains(table) || list(ShardlineProperty.BROADCAST_TABLES).contains(table)) {
        throw new SQLException("table " + table + " is declared sharded in " + ShardlineProperty.SHARDED_TABLES.key()
            + " and unsharded in " + ShardlineProperty.GLOBAL_TABLES.key() + "/" + ShardlineProperty.BROADCAST_TABLES.key(), INVALID);
      }
    }
  }

  private static boolean isTableColumn(String pair) {
    String[] parts = pair.trim().split(":");
    return parts.length == 2 && IDENTIFIER.matcher(parts[0]).matches() && IDENTIFIER.matcher(parts[1]).matches();
  }

  private static boolean parses(String value) {
    try {
      long parsed = Long.parseLong(value);
      return parsed <= Integer.MAX_VALUE;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Runtimes are shared by connections of equal configuration; the password is part of equality, never of text. */
  private static String identity(ShardlineUrl url, Map<String, String> merged) {
    return url.directoryHosts() + "/" + url.directoryDatabase() + "?" + new TreeMap<>(merged);
  }

  public String identity() {
    return identity;
  }

  public ShardlineUrl url() {
    return url;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  public String nodeUser() {
    String value = text(ShardlineProperty.NODE_USER);
    return value == null || value.isEmpty() ? user : value;
  }

  public String nodePassword() {
    String value = values.get(ShardlineProperty.NODE_PASSWORD);
    return value == null ? password : value;
  }

  public String text(ShardlineProperty property) {
    return values.get(property);
  }

  public boolean flag(ShardlineProperty property) {
    return Boolean.parseBoolean(values.get(property));
  }

  public int integer(ShardlineProperty property) {
    return Integer.parseInt(values.get(property));
  }

  public Duration millis(ShardlineProperty property) {
    return Duration.ofMillis(integer(property));
  }

  public Set<String> list(ShardlineProperty property) {
    Set<String> items = new LinkedHashSet<>();
    String value = values.get(property);
    if (value != null && !value.isEmpty()) {
      for (String item : value.split(",")) {
        items.add(item.trim().toLowerCase(java.util.Locale.ROOT));
      }
    }
    return items;
  }

  /** Explicitly declared sharded tables, table to column, lower case. */
  public Map<String, String> shardedTables() {
    Map<String, String> tables = new LinkedHashMap<>();
    for (String pair : list(ShardlineProperty.SHARDED_TABLES)) {
      String[] parts = pair.split(":");
      tables.put(parts[0], parts[1]);
    }
    return tables;
  }

  /** Connector/J properties for physical connections, from the URL and info minus user, password and shardline.*. */
  public Map<String, String> passThrough() {
    return passThrough;
  }
}

package dev.shardline.driver.analysis;

import java.util.Set;

/**
 * Where a table reference points, by its schema qualifier: the logical database the connection
 * serves, one of MySQL's system schemas, or another database.
 *
 * <p>System tables ({@code information_schema.PROCESSLIST}, {@code mysql.user}, ...) describe one
 * server, not the cluster; they are reported apart ({@link StatementAnalysis#systemTables()}) so
 * they are never taken for application tables of the same name, and writes to them are refused.
 * A Shardline connection serves one logical database, so a reference to any other database is
 * refused once the logical database's name is known ({@link TableRules#withSchema}); before that,
 * a qualified name is taken to mean the logical database, as it always was.
 */
final class Schemas {
  static final Set<String> SYSTEM = Set.of("information_schema", "mysql", "performance_schema", "sys");

  enum Place {
    APPLICATION,
    SYSTEM,
    OTHER_DATABASE
  }

  private Schemas() {}

  /** {@code schema} is normalised, or null for an unqualified reference. */
  static Place of(String schema, TableRules rules) {
    if (schema == null) {
      return Place.APPLICATION;
    }
    if (SYSTEM.contains(schema)) {
      return Place.SYSTEM;
    }
    String database = rules == null ? null : rules.databaseOrNull();
    return database == null || database.equals(schema) ? Place.APPLICATION : Place.OTHER_DATABASE;
  }

  static boolean isSystem(String schema) {
    return schema != null && SYSTEM.contains(schema);
  }

  static String otherDatabase(Names.Qualified table, TableRules rules) {
    return "table " + table + " is in database " + table.schema() + "; a Shardline connection serves one logical database ("
        + rules.databaseOrNull() + "); query other databases with a connection of their own";
  }

  static String systemWrite(String what, Names.Qualified table) {
    return what + " " + table + " changes one MySQL server, not the cluster; run it on each server directly";
  }
}

package dev.shardline.driver.results;

import java.util.Objects;

/**
 * One column of a result set the driver builds from scratch (no physical result set to copy the
 * metadata from), for {@link ColumnSet#of(Column...)}.
 *
 * <p>Only what a caller must decide is here; the other metadata takes defaults: the column name is
 * the label, precision and display size come from the SQL type (0 when the type has no natural
 * size), scale 0, nullability unknown, signed for numeric types, read-only (it is backed by no
 * table), no table/schema/catalog.
 *
 * @param label what {@code getColumnLabel} answers and {@code findColumn} matches
 * @param sqlType a {@link java.sql.Types} constant
 * @param typeName the database type name, e.g. {@code BIGINT}
 * @param className the Java class of the values, e.g. {@code java.lang.Long}
 */
public record Column(String label, int sqlType, String typeName, String className) {
  public Column {
    Objects.requireNonNull(label, "a column needs a label");
    Objects.requireNonNull(typeName, () -> "column '" + label + "' needs a type name (e.g. BIGINT)");
    Objects.requireNonNull(className, () -> "column '" + label + "' needs the class name of its values (e.g. java.lang.Long)");
  }
}

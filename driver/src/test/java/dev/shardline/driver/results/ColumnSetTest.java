package dev.shardline.driver.results;

import static dev.shardline.driver.results.ValueConversionsTest.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.driver.results.FakeMetaData.Spec;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Types;
import org.junit.jupiter.api.Test;

class ColumnSetTest {
  private static final Spec ID = new Spec("user_id", "id", Types.BIGINT, "BIGINT UNSIGNED", "java.math.BigInteger", 20, 0,
      ResultSetMetaData.columnNoNulls, false, 20, "users", "sch", "app", true, false, false, true, false, true, false);
  private static final Spec PRICE = new Spec("price", "price", Types.DECIMAL, "DECIMAL", "java.math.BigDecimal", 24, 10,
      ResultSetMetaData.columnNullable, true, 26, "orders", "", "shop", false, true, true, false, true, false, true);

  @Test
  void copiesEveryAttributeOfEveryColumnAndNeedsTheSourceNoMore() throws SQLException {
    FakeMetaData source = new FakeMetaData(ID, PRICE);
    ColumnSet columns = ColumnSet.from(source);
    source.closed = true;
    ResultSetMetaData md = columns.metaData();
    assertEquals(2, md.getColumnCount());
    assertEquals(2, columns.size());
    int i = 1;
    for (Spec want : new Spec[] {ID, PRICE}) {
      assertEquals(want.label(), md.getColumnLabel(i));
      assertEquals(want.name(), md.getColumnName(i));
      assertEquals(want.type(), md.getColumnType(i));
      assertEquals(want.typeName(), md.getColumnTypeName(i));
      assertEquals(want.className(), md.getColumnClassName(i));
      assertEquals(want.precision(), md.getPrecision(i));
      assertEquals(want.scale(), md.getScale(i));
      assertEquals(want.nullable(), md.isNullable(i));
      assertEquals(want.signed(), md.isSigned(i));
      assertEquals(want.displaySize(), md.getColumnDisplaySize(i));
      assertEquals(want.table(), md.getTableName(i));
      assertEquals(want.schema(), md.getSchemaName(i));
      assertEquals(want.catalog(), md.getCatalogName(i));
      assertEquals(want.autoIncrement(), md.isAutoIncrement(i));
      assertEquals(want.caseSensitive(), md.isCaseSensitive(i));
      assertEquals(want.currency(), md.isCurrency(i));
      assertEquals(want.searchable(), md.isSearchable(i));
      assertEquals(want.readOnly(), md.isReadOnly(i));
      assertEquals(want.writable(), md.isWritable(i));
      assertEquals(want.definitelyWritable(), md.isDefinitelyWritable(i));
      i++;
    }
    assertSame(md, columns.metaData(), "one snapshot, not one per call");
  }

  @Test
  void aColumnThatCannotBeCopiedIsNamedAndKeepsItsSqlState() {
    FakeMetaData source = new FakeMetaData(ID, PRICE);
    source.failOn = 2;
    SQLException e = assertThrows(SQLException.class, () -> ColumnSet.from(source));
    assertEquals("08S01", e.getSQLState());
    assertTrue(e.getMessage().startsWith("could not copy the metadata of column 2 of 2: the server went away"), e.getMessage());
    assertEquals("the server went away", e.getCause().getMessage());
  }

  @Test
  void columnsFromScratchTakeDefaults() throws SQLException {
    ColumnSet columns = ColumnSet.of(
        new Column("GENERATED_KEY", Types.BIGINT, "BIGINT", "java.lang.Long"),
        new Column("name", Types.VARCHAR, "VARCHAR", "java.lang.String"),
        new Column("at", Types.TIMESTAMP, "DATETIME", "java.time.LocalDateTime"));
    ResultSetMetaData md = columns.metaData();
    assertEquals("GENERATED_KEY", md.getColumnLabel(1));
    assertEquals("GENERATED_KEY", md.getColumnName(1));
    assertEquals(Types.BIGINT, md.getColumnType(1));
    assertEquals("BIGINT", md.getColumnTypeName(1));
    assertEquals("java.lang.Long", md.getColumnClassName(1));
    assertEquals(19, md.getPrecision(1));
    assertEquals(19, md.getColumnDisplaySize(1));
    assertTrue(md.isSigned(1));
    assertFalse(md.isSigned(2));
    assertEquals(0, md.getPrecision(2), "VARCHAR has no natural size");
    assertEquals(19, md.getPrecision(3));
    for (int i = 1; i <= 3; i++) {
      assertEquals(0, md.getScale(i));
      assertEquals(ResultSetMetaData.columnNullableUnknown, md.isNullable(i));
      assertEquals("", md.getTableName(i));
      assertEquals("", md.getSchemaName(i));
      assertEquals("", md.getCatalogName(i));
      assertTrue(md.isReadOnly(i), "backed by no table");
      assertFalse(md.isWritable(i));
      assertFalse(md.isDefinitelyWritable(i));
      assertFalse(md.isAutoIncrement(i));
      assertFalse(md.isCaseSensitive(i));
      assertFalse(md.isCurrency(i));
      assertTrue(md.isSearchable(i));
    }
    assertEquals(-1, columns.column(3).fractionDigits(), "unknown: the shortest fraction is printed");
  }

  @Test
  void aColumnNeedsALabelATypeNameAndAClassName() {
    assertTrue(assertThrows(NullPointerException.class, () -> new Column(null, Types.BIGINT, "BIGINT", "java.lang.Long")).getMessage().contains("label"));
    assertTrue(assertThrows(NullPointerException.class, () -> new Column("n", Types.BIGINT, null, "java.lang.Long")).getMessage().contains("'n' needs a type name"));
    assertTrue(assertThrows(NullPointerException.class, () -> new Column("n", Types.BIGINT, "BIGINT", null)).getMessage().contains("'n' needs the class name"));
    assertTrue(assertThrows(NullPointerException.class, () -> ColumnSet.of(new Column("a", 1, "A", "A"), null))
        .getMessage().contains("column 2 of 2 is null"));
  }

  @Test
  void fractionDigitsBitsAndYearsComeFromTheMetadata() {
    assertEquals(3, Rows.copied(Types.TIMESTAMP, "DATETIME", 23).fractionDigits());
    assertEquals(6, Rows.copied(Types.TIMESTAMP, "DATETIME", 26).fractionDigits());
    assertEquals(0, Rows.copied(Types.TIMESTAMP, "TIMESTAMP", 19).fractionDigits());
    assertEquals(3, Rows.copied(Types.TIME, "TIME", 14).fractionDigits());
    assertEquals(0, Rows.copied(Types.TIME, "TIME", 10).fractionDigits());
    assertEquals(0, Rows.copied(Types.DECIMAL, "DECIMAL", 30).fractionDigits());
    assertTrue(Rows.copied(Types.BIT, "BIT", 9).bits());
    assertTrue(Rows.copied(Types.VARBINARY, "BIT", 9).bits());
    assertFalse(Rows.copied(Types.VARBINARY, "VARBINARY", 9).bits());
    assertTrue(Rows.copied(Types.DATE, "YEAR", 4).year());
    assertFalse(Rows.copied(Types.DATE, "DATE", 10).year());
  }

  @Test
  void findsLabelsIgnoringCaseFirstMatchFirst() throws SQLException {
    ColumnSet columns = ColumnSet.from(new FakeMetaData(
        Spec.of("ID", Types.BIGINT, "BIGINT", 19), Spec.of("id", Types.BIGINT, "BIGINT", 19), Spec.of("Name", Types.VARCHAR, "VARCHAR", 8)));
    assertEquals(1, columns.findColumn("ID"));
    assertEquals(1, columns.findColumn("id"), "the first column matching ignoring case, not the exact one");
    assertEquals(1, columns.findColumn("iD"));
    assertEquals(3, columns.findColumn("name"));
    assertEquals(3, columns.findColumn("Name"));
    assertEquals(3, columns.findColumn("USERS.NAME"), "table.label, as Connector/J");
    assertEquals(3, columns.findColumn("users.Name"));
  }

  @Test
  void anUnknownLabelNamesTheColumnsThereAre() {
    SQLException e = fails("42S22", () -> Rows.ID_NAME.findColumn("email"));
    assertInstanceOf(SQLSyntaxErrorException.class, e);
    assertEquals("column 'email' is not in the result; columns are [id, name]", e.getMessage());
    fails("42S22", () -> Rows.ID_NAME.findColumn(null));
    fails("42S22", () -> Rows.ID_NAME.findColumn("users.id"));
    fails("42S22", () -> Rows.ID_NAME.findColumn(""));
  }

  @Test
  void metadataIndexesOutOfRangeFailAsConnectorJsMetadata() {
    ResultSetMetaData md = Rows.ID_NAME.metaData();
    SQLException low = fails("S1002", () -> md.getColumnLabel(0));
    assertEquals("column index 0 is out of range: the result has 2 columns (1..2)", low.getMessage());
    fails("S1002", () -> md.getColumnType(3));
    fails("S1002", () -> md.isNullable(-1));
    assertEquals("column index 1 is out of range: the result has 0 columns", fails("S1002", () -> ColumnSet.of().metaData().getColumnName(1)).getMessage());
  }

  @Test
  void metadataIsItsOwnWrapperOnly() throws SQLException {
    ResultSetMetaData md = Rows.ID_NAME.metaData();
    assertTrue(md.isWrapperFor(ResultSetMetaData.class));
    assertSame(md, md.unwrap(ResultSetMetaData.class));
    assertFalse(md.isWrapperFor(String.class));
    fails("S1009", () -> md.unwrap(String.class));
    assertTrue(md.toString().contains("id BIGINT"), md.toString());
  }

  @Test
  void equalSnapshotsAreEqual() throws SQLException {
    assertEquals(ColumnSet.from(new FakeMetaData(ID, PRICE)), ColumnSet.from(new FakeMetaData(ID, PRICE)));
    assertEquals(ColumnSet.from(new FakeMetaData(ID, PRICE)).hashCode(), ColumnSet.from(new FakeMetaData(ID, PRICE)).hashCode());
    assertNotEquals(ColumnSet.from(new FakeMetaData(ID, PRICE)), ColumnSet.from(new FakeMetaData(PRICE, ID)));
    assertEquals("ColumnSet[user_id BIGINT UNSIGNED, price DECIMAL]", ColumnSet.from(new FakeMetaData(ID, PRICE)).toString());
  }
}

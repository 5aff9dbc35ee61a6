package dev.shardline.driver.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.RenameTableStatement;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.view.AlterView;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;

/**
 * The tables a write statement may change, with their schema: what must not be a system table.
 *
 * <p>A multi-table UPDATE or DELETE may change any table of its FROM list, so all of them count;
 * a table that is only read in a subquery does not. For DDL, the table (or view) created,
 * altered, dropped, truncated or renamed, not the tables a CREATE ... SELECT or a view reads.
 */
final class WriteTargets {
  private WriteTargets() {}

  static List<Names.Qualified> of(Update update) {
    List<Names.Qualified> out = new ArrayList<>();
    add(out, update.getTable());
    joins(out, update.getStartJoins());
    add(out, update.getFromItem());
    joins(out, update.getJoins());
    return out;
  }

  static List<Names.Qualified> of(Delete delete) {
    List<Names.Qualified> out = new ArrayList<>();
    add(out, delete.getTable());
    if (delete.getUsingList() != null) {
      delete.getUsingList().forEach(table -> add(out, table));
    }
    joins(out, delete.getJoins());
    return out;
  }

  static List<Names.Qualified> of(Statement ddl) {
    List<Names.Qualified> out = new ArrayList<>();
    if (ddl instanceof CreateTable create) {
      add(out, create.getTable());
    } else if (ddl instanceof Alter alter) {
      add(out, alter.getTable());
    } else if (ddl instanceof Drop drop) {
      add(out, drop.getName());
    } else if (ddl instanceof Truncate truncate) {
      add(out, truncate.getTable());
      if (truncate.getTables() != null) {
        truncate.getTables().forEach(table -> add(out, table));
      }
    } else if (ddl instanceof RenameTableStatement rename && rename.getTableNames() != null) {
      for (Map.Entry<Table, Table> pair : rename.getTableNames()) {
        add(out, pair.getKey());
        add(out, pair.getValue());
      }
    } else if (ddl instanceof CreateIndex index) {
      add(out, index.getTable());
    } else if (ddl instanceof CreateView view) {
      add(out, view.getView());
    } else if (ddl instanceof AlterView view) {
      add(out, view.getView());
    }
    return out;
  }

  private static void joins(List<Names.Qualified> out, List<Join> joins) {
    if (joins != null) {
      for (Join join : joins) {
        add(out, join.getFromItem());
      }
    }
  }

  private static void add(List<Names.Qualified> out, FromItem item) {
    if (item instanceof Table table && table.getName() != null) {
      out.add(Names.qualified(table));
    }
  }
}

package dev.shardline.driver.analysis;

import dev.shardline.driver.analysis.StatementAnalysis.Kind;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import net.sf.jsqlparser.statement.ExplainStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.RenameTableStatement;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.view.AlterView;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * The first step of the routing pipeline: SQL text in, {@link StatementAnalysis} out.
 *
 * <ol>
 *   <li>Lex the text as MySQL does ({@link SqlLexer}): count the {@code ?} markers, read
 *       {@code /* shard_key=... *}{@code /} hints, reject several statements in one string.
 *   <li>Statements decided by their first keywords (SET, USE, BEGIN/COMMIT/..., SHOW, the
 *       driver's {@code SET @@shardline.key}) are classified without the parser.
 *   <li>Everything else is parsed by JSqlParser on this thread ({@link SqlParsing}); DDL it cannot
 *       parse is still recognised by its keywords ({@link DdlFallback}).
 *   <li>Tables are collected ({@link TableCollector}), system tables apart ({@link Schemas});
 *       keys come from the top level of SELECT, UPDATE and DELETE ({@link DmlAnalyzer}) and from
 *       the rows of INSERT/REPLACE ({@link InsertAnalyzer}). Every subquery, derived table and
 *       CTE body is a level of its own ({@link StatementLevels}) that must be read on the node
 *       the keys give, or add its own keys ({@link CoLocation}).
 * </ol>
 *
 * <p>{@link #analyze} never throws: input it cannot read gives kind {@link Kind#OTHER} with
 * {@link StatementAnalysis#parseError()} set (hints are still reported).
 *
 * <p>Immutable and thread-safe; one instance serves every connection. Results depend only on
 * the SQL string and the {@link TableRules}, so they can be cached per string.
 */
public final class SqlAnalyzer {
  private final TableRules rules;

  public SqlAnalyzer(TableRules rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  public StatementAnalysis analyze(String sql) {
    if (sql == null) {
      return StatementAnalysis.builder(Kind.OTHER, rules).parseError("the SQL is null").build();
    }
    try {
      return analyzeText(sql);
    } catch (RuntimeException | StackOverflowError bug) {
      // A defect here must not break the caller's statement loop; report it as unanalysable.
      StatementAnalysis.Builder out = StatementAnalysis.builder(Kind.OTHER, rules).parseError("the analysis failed: " + bug);
      try {
        out.parameterCount(SqlLexer.lex(sql).parameterCount());
      } catch (RuntimeException | StackOverflowError ignored) {
        // the count stays 0
      }
      return out.build();
    }
  }

  private StatementAnalysis analyzeText(String sql) {
    LexedSql lexed = SqlLexer.lex(sql);
    StatementAnalysis.Builder out = StatementAnalysis.builder(Kind.OTHER, rules).parameterCount(lexed.parameterCount());
    ShardKeyHints.Result hint = ShardKeyHints.find(lexed);
    out.hintKey(hint.key());
    out.allNodesHint(ShardKeyHints.allNodes(lexed));
    if (hint.refusal() != null) {
      out.refuse(hint.refusal());
    }
    int length = lexed.statementLength();
    if (length == 0) {
      return out.parseError(lexed.tokens.isEmpty() ? "the SQL is empty" : "the SQL holds only comments, no statement").build();
    }
    if (length < 0) {
      return out.parseError("the SQL holds more than one statement; send them one at a time, since each is routed on its own").build();
    }
    if (lexed.unterminated) {
      return out.parseError("a string, quoted name or comment is not closed").build();
    }
    if (lexed.numberedParam) {
      return out.parseError("numbered parameter markers such as ?1 are not MySQL syntax; use plain ?").build();
    }
    if (KeywordClassifier.classify(lexed, length, out)) {
      refuseExecutableComment(lexed, out);
      return out.build();
    }
    SqlParsing.Parsed parsed = SqlParsing.parse(lexed, length);
    if (parsed.statement() == null) {
      List<Names.Qualified> ddlTables = DdlFallback.tables(lexed, length);
      if (ddlTables != null) {
        out.kind(Kind.DDL);
        ddlTables.forEach(out::table);
        refuseSystemTargets("DDL on", ddlTables, out);
        return out.build();
      }
      return out.parseError("cannot parse: " + parsed.error()).build();
    }
    analyzeParsed(parsed.statement(), lexed, out);
    if (out.kind() == Kind.SELECT) {
      out.lockingRead(parsed.lockInShareMode());
    }
    refuseExecutableComment(lexed, out);
    return out.build();
  }

  /**
   * {@code /*!50000 OR 1=1 *}{@code /} is SQL to the server but a comment to the lexer and the
   * parser, so a statement holding one would be routed by a reading the server does not share
   * ({@code WHERE user_id = 1 /*! OR 1=1 *}{@code /} has key 1 for us, every row for MySQL).
   * DDL runs on every node whatever its text says, so the version comments of dumped schemas stay
   * fine there.
   */
  private static void refuseExecutableComment(LexedSql lexed, StatementAnalysis.Builder out) {
    if (out.kind() == Kind.DDL) {
      return;
    }
    for (SqlLexer.Token token : lexed.tokens) {
      if (token.type() == SqlLexer.Type.COMMENT && (lexed.sql.startsWith("/*!", token.start()) || lexed.sql.startsWith("/*M!", token.start()))) {
        String comment = token.text(lexed.sql).replaceAll("\\s+", " ");
        out.refuse("the statement holds the executable comment `" + (comment.length() <= 80 ? comment : comment.substring(0, 80) + "...")
            + "`, which MySQL runs as SQL but the driver reads as a comment, so it cannot route the statement by what it really does;"
            + " write its content as plain SQL");
        return;
      }
    }
  }

  private void analyzeParsed(Statement statement, LexedSql lexed, StatementAnalysis.Builder out) {
    DmlAnalyzer dml = new DmlAnalyzer(rules, lexed, out);
    if (statement instanceof Select select) {
      out.kind(Kind.SELECT);
      tables(statement, out);
      dml.select(select);
    } else if (statement instanceof Insert insert) {
      out.kind(Kind.INSERT).table(Names.qualified(insert.getTable()));
      tables(statement, out);
      refuseSystemTargets("INSERT into", List.of(Names.qualified(insert.getTable())), out);
      InsertAnalyzer.insert(insert, rules, lexed, out);
      StatementLevels sources = new StatementLevels(rules, !lexed.pipes, out);
      sources.insert("INSERT", insert.getWithItemsList(), insert.getSelect(), insert.getSetUpdateSets(), insert.getDuplicateUpdateSets());
      dml.insertSources("INSERT", sources);
    } else if (statement instanceof Upsert upsert) {
      out.kind(Kind.REPLACE).table(Names.qualified(upsert.getTable()));
      tables(statement, out);
      refuseSystemTargets("REPLACE into", List.of(Names.qualified(upsert.getTable())), out);
      if (!InsertAnalyzer.replace(upsert, rules, lexed, out)) {
        out.kind(Kind.OTHER);
      }
      StatementLevels sources = new StatementLevels(rules, !lexed.pipes, out);
      sources.insert("REPLACE", null, upsert.getSelect(), upsert.getUpdateSets(), upsert.getDuplicateUpdateSets());
      dml.insertSources("REPLACE", sources);
    } else if (statement instanceof Update update) {
      out.kind(Kind.UPDATE).table(Names.qualified(update.getTable()));
      tables(statement, out);
      refuseSystemTargets("UPDATE of", WriteTargets.of(update), out);
      dml.update(update);
    } else if (statement instanceof Delete delete) {
      out.kind(Kind.DELETE).table(Names.qualified(delete.getTable()));
      tables(statement, out);
      refuseSystemTargets("DELETE from", WriteTargets.of(delete), out);
      dml.delete(delete);
    } else if (isDdl(statement)) {
      out.kind(Kind.DDL);
      tables(statement, out);
      List<Names.Qualified> targets = DdlFallback.tables(lexed, lexed.statementLength());
      if (targets != null) {
        targets.forEach(out::table); // e.g. the new name of ALTER TABLE ... RENAME TO, which JSqlParser does not report
        refuseSystemTargets("DDL on", targets, out);
      }
      refuseSystemTargets("DDL on", WriteTargets.of(statement), out);
    } else {
      out.kind(Kind.OTHER);
      tables(statement, out);
    }
  }

  private void tables(Statement statement, StatementAnalysis.Builder out) {
    Statement subject = statement instanceof ExplainStatement explain && explain.getStatement() != null ? explain.getStatement() : statement;
    TableCollector.tables(subject, rules).forEach(out::table);
  }

  private static void refuseSystemTargets(String what, List<Names.Qualified> targets, StatementAnalysis.Builder out) {
    for (Names.Qualified target : targets) {
      if (Schemas.isSystem(target.schema())) {
        out.refuse(Schemas.systemWrite(what, target));
        return;
      }
    }
  }

  private static boolean isDdl(Statement statement) {
    if (statement instanceof Drop drop) {
      String type = drop.getType() == null ? "" : drop.getType().toUpperCase(Locale.ROOT);
      return type.equals("TABLE") || type.equals("INDEX") || type.equals("VIEW");
    }
    return statement instanceof CreateTable
        || statement instanceof Alter
        || statement instanceof Truncate
        || statement instanceof RenameTableStatement
        || statement instanceof CreateIndex
        || statement instanceof CreateView
        || statement instanceof AlterView;
  }
}

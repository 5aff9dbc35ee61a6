/**
 * The first step of the routing pipeline: what a SQL string is, which tables it touches, and
 * which shard keys it carries.
 *
 * <p>Entry points for the driver: {@link dev.shardline.driver.analysis.TableRules} (which tables
 * are sharded, global or broadcast, and optionally the schema's columns and the logical
 * database, with {@link dev.shardline.driver.analysis.TableRules.ColumnInfo}),
 * {@link dev.shardline.driver.analysis.SqlAnalyzer} and its result
 * {@link dev.shardline.driver.analysis.StatementAnalysis}, with
 * {@link dev.shardline.driver.analysis.KeyRef} for a key in the SQL,
 * {@link dev.shardline.driver.analysis.InsertRows} for splitting a multi-row INSERT and
 * {@link dev.shardline.driver.analysis.SessionSetting} for the assignments of a session SET.
 * Everything else is package-private.
 *
 * <p>All public types are immutable and thread-safe; an analysis depends only on the SQL string
 * and the table rules, so it is cached per string and shared. The analysis reports what is in
 * the text and refuses what can never be routed correctly; deciding what to do with a missing
 * key (refuse, scatter) is the router's job.
 *
 * <p>The analysis leans on JSqlParser 5.3 and works around its known mistakes; see
 * {@code SqlParsing}, {@code Conditions}, {@code Misassociation}, {@code TableCollector} and the
 * tests in {@code JSqlParserQuirksTest}.
 */
package dev.shardline.driver.analysis;

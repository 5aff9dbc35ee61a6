/**
 * Internal. The JDBC facade applications hold (logical connection and statements) and the result
 * sets the driver builds itself, whose JDBC surface is table-driven rather than hand-written.
 */
package dev.shardline.driver.jdbc;

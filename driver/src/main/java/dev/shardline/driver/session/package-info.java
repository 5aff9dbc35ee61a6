/**
 * Internal. What a logical connection set ({@link dev.shardline.driver.session.SessionState}),
 * what each physical connection's server session holds
 * ({@link dev.shardline.driver.session.PhysicalSessions}), and transactions
 * ({@link dev.shardline.driver.session.Transaction}).
 */
package dev.shardline.driver.session;

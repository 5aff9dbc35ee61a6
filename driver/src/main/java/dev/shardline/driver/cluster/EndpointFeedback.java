package dev.shardline.driver.cluster;

import java.sql.SQLException;

/** What the retry policy tells the endpoint layer about a failure it saw, and whether retries are on. */
public interface EndpointFeedback {
  /** A connection to {@code endpoint} failed: take it out until it is seen back. */
  void failed(String endpoint, EndpointRole role, SQLException cause);

  /** A master refused a write as read-only. */
  void refusedWrite(String endpoint);

  /** Whether failover (health, probing, retries) is on. */
  boolean failoverEnabled();
}

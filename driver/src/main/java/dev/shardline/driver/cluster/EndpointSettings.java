package dev.shardline.driver.cluster;

import java.util.Map;

/**
 * What the endpoint layer needs from the driver's configuration, so that it does not depend on
 * the configuration classes above it.
 *
 * @param instanceName the driver instance, for pool and thread names and log lines
 * @param database the application database on every node
 * @param user node user
 * @param password node password (never logged, never in messages)
 * @param connectorProperties Connector/J properties passed through to every physical connection
 */
public record EndpointSettings(
    String instanceName,
    String database,
    String user,
    String password,
    int poolMaxSize,
    int poolMinIdle,
    int checkoutTimeoutMs,
    int connectTimeoutMs,
    Map<String, String> connectorProperties,
    boolean failoverEnabled,
    int probeIntervalMs,
    int probeTimeoutMs,
    int maxLagSeconds,
    boolean replicaFallbackToMaster) {

  public EndpointSettings {
    connectorProperties = Map.copyOf(connectorProperties);
  }

  @Override
  public String toString() {
    return "EndpointSettings[" + instanceName + ", database=" + database + ", user=" + user + "]";
  }
}

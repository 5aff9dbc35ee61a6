package dev.shardline.driver.runtime;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runtimes of this JVM, one per distinct configuration (URL and properties): connections of
 * the same configuration share one, started by the first connection and kept until {@link
 * #shutdown()}. A runtime that fails to start is not kept (it released what it started).
 *
 * <p>Thread safety: thread safe; starts are serialised so one configuration gets one runtime.
 */
public final class Runtimes {
  private static final Map<String, ShardlineRuntime> RUNTIMES = new ConcurrentHashMap<>();

  private Runtimes() {}

  public static ShardlineRuntime runtime(DriverConfig config) throws SQLException {
    ShardlineRuntime existing = RUNTIMES.get(config.identity());
    if (existing != null) {
      return existing;
    }
    synchronized (RUNTIMES) {
      existing = RUNTIMES.get(config.identity());
      if (existing == null) {
        existing = ShardlineRuntime.start(config);
        RUNTIMES.put(config.identity(), existing);
      }
      return existing;
    }
  }

  /** Closes every runtime: pools, directory clients and their pollers. Connections become unusable. */
  public static void shutdown() {
    synchronized (RUNTIMES) {
      RUNTIMES.values().forEach(ShardlineRuntime::close);
      RUNTIMES.clear();
    }
  }

  public static void shutdown(ShardlineRuntime runtime) {
    synchronized (RUNTIMES) {
      RUNTIMES.values().remove(runtime);
      runtime.close();
    }
  }
}

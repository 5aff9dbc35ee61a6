package dev.shardline.directory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * What a {@link Directory} client connects to and how it caches.
 *
 * <pre>{@code
 * DirectoryConfig config = DirectoryConfig.builder()
 *     .primary(primaryPool)                 // required
 *     .replicas(List.of(replicaPool))       // optional: reads fall back to them
 *     .pollInterval(Duration.ofMillis(250))
 *     .writeLease(Duration.ofSeconds(2))
 *     .instanceName("app-7")
 *     .build();
 * }</pre>
 *
 * <p>Every setting is checked when it is set and again, across settings, by {@link Builder#build()};
 * a wrong value is refused with a message that names the setting and the value, never adjusted. The
 * data sources should be connection pools whose connect and socket timeouts are short (a second or
 * two): the directory client takes a connection per operation and per poll, and a down primary is
 * only detected as fast as the pool gives up. The client never closes them.
 *
 * <p>Immutable and thread safe; the builder is not thread safe.
 */
public final class DirectoryConfig {
  public static final long DEFAULT_CACHE_MAXIMUM_SIZE = 1_000_000;
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);
  public static final Duration DEFAULT_WRITE_LEASE = Duration.ofSeconds(2);
  public static final String DEFAULT_INSTANCE_NAME = "directory";

  static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(10);
  static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(60);
  static final Duration MAX_WRITE_LEASE = Duration.ofMinutes(10);
  static final long MAX_CACHE_SIZE = 1_000_000_000L;
  private static final Pattern INSTANCE_NAME = Pattern.compile("[\\p{Graph}]{1,64}");

  private final DataSource primary;
  private final List<DataSource> replicas;
  private final long cacheMaximumSize;
  private final Duration pollInterval;
  private final Duration writeLease;
  private final PlacementPolicy placementPolicy;
  private final String instanceName;

  private DirectoryConfig(Builder b) {
    this.primary = b.primary;
    this.replicas = b.replicas;
    this.cacheMaximumSize = b.cacheMaximumSize;
    this.pollInterval = b.pollInterval;
    this.writeLease = b.writeLease;
    this.placementPolicy = b.placementPolicy;
    this.instanceName = b.instanceName;
  }

  public static Builder builder() {
    return new Builder();
  }

  public DataSource primary() {
    return primary;
  }

  public List<DataSource> replicas() {
    return replicas;
  }

  public long cacheMaximumSize() {
    return cacheMaximumSize;
  }

  public Duration pollInterval() {
    return pollInterval;
  }

  public Duration writeLease() {
    return writeLease;
  }

  public PlacementPolicy placementPolicy() {
    return placementPolicy;
  }

  public String instanceName() {
    return instanceName;
  }

  @Override
  public String toString() {
    return "DirectoryConfig[instanceName=" + instanceName + ", replicas=" + replicas.size()
        + ", cacheMaximumSize=" + cacheMaximumSize + ", pollInterval=" + Durations.format(pollInterval)
        + ", writeLease=" + Durations.format(writeLease) + ", placementPolicy=" + placementPolicy + "]";
  }

  /** Collects and checks settings; {@link #build()} checks them together. */
  public static final class Builder {
    private DataSource primary;
    private List<DataSource> replicas = List.of();
    private long cacheMaximumSize = DEFAULT_CACHE_MAXIMUM_SIZE;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration writeLease = DEFAULT_WRITE_LEASE;
    private PlacementPolicy placementPolicy = PlacementPolicy.weightedLeastLoaded();
    private String instanceName = DEFAULT_INSTANCE_NAME;

    private Builder() {}

    /** The directory primary: every write and every fresh look-up for a write goes here. Required. */
    public Builder primary(DataSource dataSource) {
      this.primary = Objects.requireNonNull(dataSource, "primary must not be null");
      return this;
    }

    /** Replicas of the directory, tried in order for reads when the primary cannot answer. */
    public Builder replicas(List<DataSource> dataSources) {
      Objects.requireNonNull(dataSources, "replicas must not be null (use an empty list for none)");
      for (int i = 0; i < dataSources.size(); i++) {
        if (dataSources.get(i) == null) {
          throw new IllegalArgumentException("replicas[" + i + "] is null");
        }
      }
      this.replicas = List.copyOf(dataSources);
      return this;
    }

    /** The most key placements kept in memory (default {@value #DEFAULT_CACHE_MAXIMUM_SIZE}). */
    public Builder cacheMaximumSize(long size) {
      if (size < 1 || size > MAX_CACHE_SIZE) {
        throw new IllegalArgumentException(
            "cacheMaximumSize must be between 1 and " + MAX_CACHE_SIZE + ", was " + size);
      }
      this.cacheMaximumSize = size;
      return this;
    }

    /** How often the change log is polled (default 250 ms; 10 ms to 60 s). */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = requireWithin("pollInterval", interval, MIN_POLL_INTERVAL, MAX_POLL_INTERVAL);
      return this;
    }

    /**
     * How long after the start of the last successful poll a cached placement may be used for a
     * write (default 2 s; more than {@link #pollInterval}, at most 10 min). Moves wait this long
     * between their steps, so every client in the cluster must use the same or a shorter lease.
     */
    public Builder writeLease(Duration lease) {
      this.writeLease = requireWithin("writeLease", lease, Duration.ofNanos(1), MAX_WRITE_LEASE);
      return this;
    }

    /** Chooses nodes for new keys (default {@link PlacementPolicy#weightedLeastLoaded()}). */
    public Builder placementPolicy(PlacementPolicy policy) {
      this.placementPolicy = Objects.requireNonNull(policy, "placementPolicy must not be null");
      return this;
    }

    /** Names this client in log lines and messages (default {@value #DEFAULT_INSTANCE_NAME}). */
    public Builder instanceName(String name) {
      if (name == null || !INSTANCE_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "instanceName must be 1 to 64 visible characters without spaces, was "
                + (name == null ? "null" : "'" + name + "'"));
      }
      this.instanceName = name;
      return this;
    }

    /** Checks the settings together and returns the sealed configuration. */
    public DirectoryConfig build() {
      if (primary == null) {
        throw new IllegalStateException("primary is not set: give the directory primary's DataSource with primary(...)");
      }
      if (writeLease.compareTo(pollInterval) <= 0) {
        throw new IllegalStateException(
            "writeLease (" + Durations.format(writeLease) + ") must be longer than pollInterval ("
                + Durations.format(pollInterval) + "), or every write would wait for a fresh look-up");
      }
      return new DirectoryConfig(this);
    }

    private static Duration requireWithin(String setting, Duration value, Duration min, Duration max) {
      if (value == null) {
        throw new IllegalArgumentException(setting + " must not be null");
      }
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            setting + " must be between " + Durations.format(min) + " and " + Durations.format(max)
                + ", was " + Durations.format(value));
      }
      return value;
    }
  }
}

package dev.shardline.bench;

import dev.shardline.directory.Access;
import dev.shardline.directory.Directory;
import dev.shardline.directory.DirectoryException;
import dev.shardline.directory.Placement;
import dev.shardline.directory.ShardKey;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a directory look-up costs the driver per statement.
 *
 * <ul>
 *   <li>{@code cachedRead*} / {@code cachedWrite}: a hit, the hot path ({@code find} of one of 10,000
 *       cached keys; a write also checks the lease), with one and two threads;
 *   <li>{@code missExistingKey}: a real round trip to the sandbox directory primary over a HikariCP
 *       pool, for a key the directory knows, through a client whose cache holds one entry;
 *   <li>{@code missUnknownKey}: the round trip for a key the directory does not know (never cached).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class DirectoryLookupBenchmark {
  static final int KEYS = 10_000;

  @State(Scope.Benchmark)
  public static class Shared {
    DirectoryFixture fixture;
    Directory cached;
    Directory uncached;
    ShardKey[] keys;
    ShardKey[] unknown;

    @Setup(Level.Trial)
    public void setUp() throws DirectoryException {
      fixture = new DirectoryFixture("lookup");
      cached = fixture.open(b -> b.instanceName("bench-cached"));
      uncached = fixture.open(b -> b.instanceName("bench-uncached").cacheMaximumSize(1));
      keys = DirectoryFixture.assignKeys(cached, KEYS);
      for (ShardKey key : keys) {
        cached.find(key, Access.READ); // assigned keys are cached already; make sure
      }
      unknown = new ShardKey[KEYS];
      for (int i = 0; i < KEYS; i++) {
        unknown[i] = ShardKey.of("unknown-" + i);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      System.out.println("\ncached client: " + cached.stats() + "\nuncached client: " + uncached.stats());
      cached.close();
      uncached.close();
      fixture.close();
    }
  }

  /** Each thread walks the keys from its own starting point, so threads do not share a cursor. */
  @State(Scope.Thread)
  public static class Cursor {
    int next = (int) (Thread.currentThread().getId() * 7919 % KEYS);

    int next() {
      int i = next;
      next = i + 1 == KEYS ? 0 : i + 1;
      return i;
    }
  }

  @Benchmark
  @Threads(1)
  public Optional<Placement> cachedRead(Shared s, Cursor c) throws DirectoryException {
    return s.cached.find(s.keys[c.next()], Access.READ);
  }

  @Benchmark
  @Threads(2)
  public Optional<Placement> cachedRead2Threads(Shared s, Cursor c) throws DirectoryException {
    return s.cached.find(s.keys[c.next()], Access.READ);
  }

  @Benchmark
  @Threads(1)
  public Optional<Placement> cachedWrite(Shared s, Cursor c) throws DirectoryException {
    return s.cached.find(s.keys[c.next()], Access.WRITE);
  }

  @Benchmark
  @Threads(1)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Optional<Placement> missExistingKey(Shared s, Cursor c) throws DirectoryException {
    return s.uncached.find(s.keys[c.next()], Access.READ);
  }

  @Benchmark
  @Threads(1)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Optional<Placement> missUnknownKey(Shared s, Cursor c) throws DirectoryException {
    return s.cached.find(s.unknown[c.next()], Access.READ);
  }
}

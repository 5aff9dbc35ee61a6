package dev.shardline.directory;

import dev.shardline.bench.DirectoryFixture;
import java.util.Arrays;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the change-log poller costs per poll interval: one poll of an idle directory (the common
 * case: one indexed range query that returns nothing), and one poll that applies 100 key changes
 * (read the entries, drop 100 cached placements).
 *
 * <p>It lives in the directory's package, as Caffeine's benchmarks live in Caffeine's, to call the
 * package-private {@code Directory.pollNow()} without making it public. The measured client's own
 * poller also runs in the background (every 60 s, so it rarely overlaps).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class DirectoryPollBenchmark {
  private static final int CHANGED_KEYS = 100;

  private DirectoryFixture fixture;
  private Directory poller;
  private Directory writer;
  private List<ShardKey> changing;

  @Setup(Level.Trial)
  public void setUp() throws DirectoryException {
    fixture = new DirectoryFixture("poll");
    poller = fixture.open(b -> b.instanceName("bench-poller").pollInterval(java.time.Duration.ofSeconds(60))
        .writeLease(java.time.Duration.ofMinutes(2)));
    writer = fixture.open(b -> b.instanceName("bench-writer"));
    changing = Arrays.asList(DirectoryFixture.assignKeys(writer, CHANGED_KEYS));
  }

  /** Before each busy poll: 100 KEY entries (mark MOVING, or switch back to ACTIVE on the same node). */
  @State(Scope.Benchmark)
  public static class PendingChanges {
    boolean moving;

    @Setup(Level.Invocation)
    public void writeChanges(DirectoryPollBenchmark b) throws DirectoryException {
      if (moving) {
        b.writer.switchTo(b.changing, 1);
      } else {
        b.writer.markMoving(b.changing);
      }
      moving = !moving;
      for (ShardKey key : b.changing) {
        b.poller.find(key, Access.READ); // cached, so the poll has something to drop
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    System.out.println("\npolling client: " + poller.stats() + " applied up to " + poller.appliedSequence());
    poller.close();
    writer.close();
    fixture.close();
  }

  @Benchmark
  public long pollIdle() throws DirectoryException {
    poller.pollNow();
    return poller.appliedSequence();
  }

  @Benchmark
  public long pollApplying100KeyChanges(PendingChanges pending) throws DirectoryException {
    poller.pollNow();
    return poller.appliedSequence();
  }
}

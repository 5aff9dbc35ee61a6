package dev.shardline.bench.driver;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shardline.driver.ShardlineFailoverException;
import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxException;
import dev.shardline.sandbox.SandboxInstance;
import dev.shardline.sandbox.SandboxNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * End to end, on one sandbox node (an active master, a passive master and two replicas), what an
 * application sees when servers die, and what the failover machinery costs when none does:
 *
 * <ol>
 *   <li><b>Cost of the failover machinery on the normal path.</b> Point selects, 1 and 4 threads,
 *       through Shardline with {@code shardline.failover.enabled=true} versus {@code false}, rounds
 *       alternating as in {@link PointSelectComparison}; medians and their ratio.
 *   <li><b>Read errors while a replica dies.</b> Reader threads run point selects through
 *       Shardline; one replica is killed and the readers go on for 2 s; errors are counted (target
 *       0), then the replica is restarted. Three runs.
 *   <li><b>Write unavailability.</b> A writer loop (autocommit single-row inserts with unique ids,
 *       through Shardline wrapped in HikariCP) runs; the active master is killed (SIGKILL), and
 *       after a fixed detection pause the passive master is promoted, as Heartbeat or an operator
 *       would. Measured: ms from the promotion returning, from the moment the promoted master
 *       reports {@code read_only=0}, and from the kill, to the first successful write. Then every
 *       acknowledged id is checked on the new master (present exactly once; the run aborts if not),
 *       the killed master is restarted (it comes back read-only, as the passive side) and the next
 *       run kills the other master. Target: writes back within 2 s of the promotion.
 * </ol>
 *
 * <p>The parts that leave the masters alone run first, so that the cost is measured on an intact
 * cluster and a failed promotion cannot take the other figures with it.
 *
 * <p>Run: {@code mvn -q -B -pl bench exec:exec -Dbench.main=dev.shardline.bench.driver.FailoverComparison
 * -Dbench.args="5 3"} (arguments: failover runs, which are also the rounds per side of part 3, and
 * seconds per round; defaults 5 and 3). Exits with status 1 when a target is missed.
 */
public final class FailoverComparison {
  /** The time a Heartbeat takes to decide that the master is dead, before it promotes. */
  private static final long DETECTION_PAUSE_MS = 200;
  private static final long WRITE_TARGET_MS = 2_000;
  /** A run is over once this many writes were acknowledged after the first one on the new master. */
  private static final int WRITES_AFTER_RECOVERY = 200;
  private static final long RECOVERY_LIMIT_MS = 15_000;
  /** An application's retry loop does not spin: after an error the writer waits this long. */
  private static final long WRITER_PAUSE_AFTER_ERROR_MS = 5;
  private static final int READ_RUNS = 3;
  private static final int READER_THREADS = 4;
  private static final long READ_BEFORE_KILL_MS = 1_000;
  private static final long READ_AFTER_KILL_MS = 2_000;
  private static final long REJOIN_LIMIT_MS = 10_000;
  private static final long WRITER_USER = 1;
  private static final String INSERT = "INSERT INTO events (id, user_id, note) VALUES (?, ?, ?)";
  private static final String READ = "SELECT user_id, name, @@server_id FROM users WHERE user_id = ?";

  public static void main(String[] args) throws Exception {
    // HikariCP logs every connection it evicts during a failover with a stack trace; the report
    // says what happened. Shardline's own warnings (endpoint down, back up) stay on.
    System.setProperty("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "error");
    // Without -Dbench.args the pom passes JMH's default argument (a package name): use the defaults.
    boolean given = args.length > 0 && args[0].matches("\\d+");
    int runs = given ? Integer.parseInt(args[0]) : 5;
    int seconds = given && args.length > 1 ? Integer.parseInt(args[1]) : 3;
    if (runs < 1 || seconds < 1) {
      throw new IllegalArgumentException("arguments: failover runs (>= 1), seconds per round (>= 1); was " + Arrays.toString(args));
    }
    long began = System.nanoTime();
    boolean targetsMet;
    try (BenchCluster bench = BenchCluster.start("bench-failover", 1, 2)) {
      SandboxNode node = bench.cluster.nodes().get(0);
      try (Connection c = DriverManager.getConnection(bench.url);
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE events (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, note VARCHAR(32))");
      }
      node.awaitReplication(Duration.ofSeconds(30));
      System.out.printf("Sandbox node %s: %s; Shardline at its default properties (docs/driver.md), wrapped in HikariCP%n",
          node.name(), node.instances().stream().map(i -> i.name() + "@" + i.address()).toList());
      // The parts that leave the masters alone come first: the cost is measured on a quiet, intact
      // cluster, and a failed promotion in the last part cannot take the other figures with it.
      System.out.println();
      normalPathCost(bench, node, runs, seconds);
      System.out.println();
      targetsMet = readErrors(bench, node);
      System.out.println();
      targetsMet &= writeUnavailability(bench, node, runs);
    }
    System.out.printf("%nTotal %.0f s. %s%n", (System.nanoTime() - began) / 1e9,
        targetsMet ? "Every failover target was met." : "A failover target was MISSED (see above).");
    if (!targetsMet) {
      System.exit(1);
    }
  }

  // ---------------------------------------------------------------- 1. write unavailability

  private static boolean writeUnavailability(BenchCluster bench, SandboxNode node, int runs) throws Exception {
    System.out.printf("3. Write unavailability: a writer loop (autocommit single-row INSERTs with unique ids, 1 thread, "
        + "HikariCP max 2 over Shardline) runs; the active master is killed (SIGKILL), %d ms later (detection pause) "
        + "the passive master is promoted with SandboxNode.promotePassive(). After an error the writer pauses %d ms. "
        + "%d runs; after each, the killed master is restarted as the passive side.%n",
        DETECTION_PAUSE_MS, WRITER_PAUSE_AFTER_ERROR_MS, runs);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(bench.url);
    config.setMaximumPoolSize(2);
    config.setPoolName("failover-writer");
    AtomicLong ids = new AtomicLong(1_000_000);
    SandboxException promotionFailure = null;
    Set<Long> allAcknowledged = new java.util.HashSet<>();
    double[] fromPromotion = new double[runs];
    double[] fromKill = new double[runs];
    double[] promotion = new double[runs];
    double[] fromWritable = new double[runs];
    boolean clean = true;
    int completed = 0;
    try (HikariDataSource app = new HikariDataSource(config)) {
      for (int run = 1; run <= runs; run++) {
        SandboxInstance old = node.activeMaster();
        SandboxInstance standby = node.passiveMaster().orElseThrow();
        Writer writer = new Writer(app, ids, run);
        WritableWatch watch = null;
        SandboxInstance promoted;
        long killAt;
        long promotionStartedAt;
        long promotedAt;
        try {
          writer.awaitAcknowledged(200, 20_000);
          killAt = System.nanoTime();
          old.kill();
          writer.killedAt = System.nanoTime();
          Thread.sleep(DETECTION_PAUSE_MS);
          watch = new WritableWatch(standby);
          promotionStartedAt = System.nanoTime();
          writer.promotionStartedAt = promotionStartedAt;
          try {
            promoted = node.promotePassive();
          } catch (SandboxException e) {
            System.out.printf("   run %d: killed %s; the sandbox's promotion of %s FAILED after %d ms, so this run has no figure: %s%n",
                run, old.name(), standby.name(), (System.nanoTime() - promotionStartedAt) / 1_000_000, e.getMessage());
            promotionFailure = e;
            break;
          }
          promotedAt = System.nanoTime();
          writer.awaitRecovery(promotedAt + RECOVERY_LIMIT_MS * 1_000_000);
        } finally {
          writer.close();
          if (watch != null) {
            watch.close();
          }
        }
        long firstWrite = writer.firstWriteAfterPromotionStart.get();
        if (firstWrite == 0) {
          System.out.printf("   run %d: killed %s, promoted %s: NO write succeeded within %d ms of the promotion (target MISSED); "
              + "%d errors, first: %s%n", run, old.name(), promoted.name(), RECOVERY_LIMIT_MS, writer.errors(), writer.firstError.get());
          throw new IllegalStateException("writes did not come back after the promotion of " + promoted.name() + "; aborting");
        }
        fromPromotion[run - 1] = (firstWrite - promotedAt) / 1e6;
        fromKill[run - 1] = (firstWrite - killAt) / 1e6;
        promotion[run - 1] = (promotedAt - promotionStartedAt) / 1e6;
        long writableAt = watch.writableAt.get();
        fromWritable[run - 1] = writableAt == 0 ? Double.NaN : (firstWrite - writableAt) / 1e6;
        System.out.printf("   run %d: killed %s, promoted %s (promotePassive took %d ms, read_only=0 seen %s ms into it): "
                + "first write %.0f ms after the promotion returned, %.0f ms after read_only=0 was seen, %.0f ms after the kill; "
                + "%d writes acknowledged, %d outcome unknown, %d failed (%s)%s%n",
            run, old.name(), promoted.name(), (promotedAt - promotionStartedAt) / 1_000_000,
            writableAt == 0 ? "never" : String.valueOf((writableAt - promotionStartedAt) / 1_000_000), fromPromotion[run - 1],
            fromWritable[run - 1], fromKill[run - 1], writer.acknowledged.size(), writer.unknown.size(), writer.failed.size(), writer.errorsByState,
            writer.firstError.get() == null ? "" : "; first error: " + writer.firstError.get());
        if (writer.acknowledgedDuringPause.get() > 0) {
          System.out.printf("   run %d: %d write(s) acknowledged between the kill and the promotion (none can be: no master was writable)%n",
              run, writer.acknowledgedDuringPause.get());
          clean = false;
        }
        allAcknowledged.addAll(writer.acknowledged);
        clean &= verify(promoted, run, writer, allAcknowledged);
        long restart = System.nanoTime();
        old.start();
        node.awaitReplication(Duration.ofSeconds(30));
        System.out.printf("   run %d: restarted %s (read-only, the passive side) and replication caught up in %d ms%n",
            run, old.name(), (System.nanoTime() - restart) / 1_000_000);
        completed = run;
      }
    }
    if (completed == 0) {
      System.out.println("   no run completed: no figure. Target: MISSED");
      return false;
    }
    if (completed < runs) {
      fromPromotion = Arrays.copyOf(fromPromotion, completed);
      fromKill = Arrays.copyOf(fromKill, completed);
      promotion = Arrays.copyOf(promotion, completed);
      fromWritable = Arrays.copyOf(fromWritable, completed);
      System.out.printf("   only %d of %d runs completed (a promotion failed); the figures below are theirs%n", completed, runs);
    }
    double maxFromPromotion = Arrays.stream(fromPromotion).max().orElseThrow();
    double maxFromKill = Arrays.stream(fromKill).max().orElseThrow();
    boolean met = maxFromPromotion <= WRITE_TARGET_MS;
    System.out.printf("   promotion -> first write: %s ms; median %.0f, max %.0f. Target: within %d ms of the promotion: %s%n",
        Arrays.toString(PointSelectComparison.round(fromPromotion)), PointSelectComparison.median(fromPromotion),
        maxFromPromotion, WRITE_TARGET_MS, met ? "met" : "MISSED");
    if (Arrays.stream(fromPromotion).min().orElseThrow() < 0) {
      System.out.println("   (a negative figure: the write came back before promotePassive() returned; it makes the passive "
          + "master writable, then re-points the replicas)");
    }
    System.out.printf("   read_only=0 -> first write: %s ms; median %.0f, max %.0f (the driver's own reaction: probe interval "
            + "and retry backoff; read_only polled every %d ms on a separate connection)%n",
        Arrays.toString(PointSelectComparison.round(fromWritable)), PointSelectComparison.median(fromWritable),
        Arrays.stream(fromWritable).max().orElseThrow(), WritableWatch.POLL_MS);
    System.out.printf("   kill -> first write:      %s ms; median %.0f, max %.0f. It includes the %d ms detection pause and "
            + "promotePassive() itself (the sandbox's promotion: %s ms, median %.0f); within %d ms of the kill: %s%n",
        Arrays.toString(PointSelectComparison.round(fromKill)), PointSelectComparison.median(fromKill), maxFromKill,
        DETECTION_PAUSE_MS, Arrays.toString(PointSelectComparison.round(promotion)), PointSelectComparison.median(promotion),
        WRITE_TARGET_MS, maxFromKill <= WRITE_TARGET_MS ? "yes" : "no");
    System.out.printf("   every acknowledged write present exactly once on the new master after every run: %s (%d ids)%n",
        clean ? "yes" : "NO", allAcknowledged.size());
    if (promotionFailure != null) {
      System.out.println("   the sandbox could not promote the passive master: writes did not come back. Target: MISSED");
    }
    return met && clean && promotionFailure == null;
  }

  /**
   * Every id acknowledged so far (all runs) is on the new master exactly once; aborts if not. Writes
   * reported as failed (not outcome-unknown) must not be there either: the application would retry them.
   */
  private static boolean verify(SandboxInstance master, int run, Writer writer, Set<Long> allAcknowledged) throws SQLException {
    Map<Long, Integer> rows = new HashMap<>();
    try (Connection c = DriverManager.getConnection(master.jdbcUrl(BenchCluster.APP_DB), SandboxCluster.APP_USER, SandboxCluster.APP_PASSWORD);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM events")) {
      while (rs.next()) {
        rows.merge(rs.getLong(1), 1, Integer::sum);
      }
    }
    List<Long> missing = allAcknowledged.stream().filter(id -> !rows.containsKey(id)).sorted().toList();
    List<Long> doubled = allAcknowledged.stream().filter(id -> rows.getOrDefault(id, 0) > 1).sorted().toList();
    if (!missing.isEmpty() || !doubled.isEmpty()) {
      String message = String.format("run %d: ACKNOWLEDGED WRITES LOST OR DOUBLED on %s: %d missing %s, %d more than once %s",
          run, master.name(), missing.size(), head(missing), doubled.size(), head(doubled));
      System.out.println("   " + message);
      throw new IllegalStateException(message);
    }
    long unknownApplied = writer.unknown.stream().filter(rows::containsKey).count();
    List<Long> failedApplied = writer.failed.stream().filter(rows::containsKey).sorted().toList();
    System.out.printf("   run %d: verified on %s: all %d acknowledged ids (this run %d) present exactly once; "
            + "%d of %d outcome-unknown writes were applied; %d writes reported failed are present%s%n",
        run, master.name(), allAcknowledged.size(), writer.acknowledged.size(), unknownApplied, writer.unknown.size(),
        failedApplied.size(), failedApplied.isEmpty() ? "" : " " + head(failedApplied) + " (VIOLATION: the application would write them twice)");
    return failedApplied.isEmpty();
  }

  private static String head(List<Long> ids) {
    return ids.size() <= 10 ? ids.toString() : ids.subList(0, 10) + "...";
  }

  /** One application thread writing in a loop; records what happened to every id. */
  private static final class Writer implements AutoCloseable {
    final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    final Set<Long> unknown = ConcurrentHashMap.newKeySet();
    final Set<Long> failed = ConcurrentHashMap.newKeySet();
    final Map<String, Integer> errorsByState = new ConcurrentHashMap<>();
    final AtomicReference<String> firstError = new AtomicReference<>();
    final AtomicLong firstWriteAfterPromotionStart = new AtomicLong();
    final AtomicInteger acknowledgedDuringPause = new AtomicInteger();
    final AtomicInteger acknowledgedAfterPromotionStart = new AtomicInteger();
    volatile long killedAt = Long.MAX_VALUE;
    volatile long promotionStartedAt = Long.MAX_VALUE;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    Writer(DataSource app, AtomicLong ids, int run) {
      thread = new Thread(() -> {
        while (!stop.get()) {
          long id = ids.incrementAndGet();
          try (Connection c = app.getConnection();
              PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setLong(1, id);
            ps.setLong(2, WRITER_USER);
            ps.setString(3, "run " + run);
            ps.executeUpdate();
            long now = System.nanoTime();
            acknowledged.add(id);
            if (now > promotionStartedAt) {
              // No write can succeed before the promotion starts: the old master is dead and the
              // passive one read-only. An earlier acknowledgement came from the old master.
              firstWriteAfterPromotionStart.compareAndSet(0, now);
              acknowledgedAfterPromotionStart.incrementAndGet();
            } else if (now > killedAt) {
              acknowledgedDuringPause.incrementAndGet();
            }
          } catch (SQLException e) {
            if (e instanceof ShardlineFailoverException f && f.outcome() == ShardlineFailoverException.Outcome.UNKNOWN) {
              unknown.add(id);
            } else {
              failed.add(id);
            }
            errorsByState.merge(e.getClass().getSimpleName() + "/" + e.getSQLState(), 1, Integer::sum);
            firstError.compareAndSet(null, e.getMessage());
            pause(WRITER_PAUSE_AFTER_ERROR_MS);
          }
        }
      }, "failover-writer-" + run);
      thread.start();
    }

    int errors() {
      return unknown.size() + failed.size();
    }

    void awaitAcknowledged(int count, long limitMs) throws InterruptedException {
      long deadline = System.nanoTime() + limitMs * 1_000_000;
      while (acknowledged.size() < count) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the writer did not reach " + count + " writes within " + limitMs + " ms: "
              + acknowledged.size() + " acknowledged, errors " + errorsByState + ", first: " + firstError.get());
        }
        Thread.sleep(5);
      }
    }

    void awaitRecovery(long deadline) throws InterruptedException {
      while (acknowledgedAfterPromotionStart.get() < WRITES_AFTER_RECOVERY && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      thread.join(30_000);
      if (thread.isAlive()) {
        throw new IllegalStateException(thread.getName() + " did not stop within 30 s");
      }
    }
  }

  /** Polls a master's {@code @@global.read_only} on its own connection and notes when it turns 0. */
  private static final class WritableWatch implements AutoCloseable {
    static final long POLL_MS = 5;
    final AtomicLong writableAt = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    WritableWatch(SandboxInstance master) throws SQLException {
      Connection c = DriverManager.getConnection(master.jdbcUrl(), SandboxCluster.APP_USER, SandboxCluster.APP_PASSWORD);
      thread = new Thread(() -> {
        try (c; Statement s = c.createStatement()) {
          while (!stop.get() && writableAt.get() == 0) {
            try (ResultSet rs = s.executeQuery("SELECT @@global.read_only")) {
              if (rs.next() && rs.getInt(1) == 0) {
                writableAt.set(System.nanoTime());
              }
            }
            pause(POLL_MS);
          }
        } catch (SQLException e) {
          System.out.println("   (read_only watch on " + master.name() + " failed: " + e.getMessage() + ")");
        }
      }, "failover-writable-watch");
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      thread.join(10_000);
    }
  }

  // ---------------------------------------------------------------- 2. read errors while a replica dies

  private static boolean readErrors(BenchCluster bench, SandboxNode node) throws Exception {
    System.out.printf("2. Read errors while a replica dies: %d reader threads (HikariCP max 8 over Shardline) run point selects "
        + "(%s); %d ms in, one replica is killed (SIGKILL); the readers go on for %d ms, then the replica is restarted. "
        + "%d runs, alternating replicas.%n", READER_THREADS, READ, READ_BEFORE_KILL_MS, READ_AFTER_KILL_MS, READ_RUNS);
    Map<Integer, String> names = new HashMap<>();
    for (SandboxInstance instance : node.instances()) {
      names.put(instance.serverId(), instance.name());
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(bench.url);
    config.setMaximumPoolSize(8);
    config.setPoolName("failover-readers");
    long totalErrorsAfterKill = 0;
    long totalErrors = 0;
    try (HikariDataSource app = new HikariDataSource(config)) {
      for (int run = 1; run <= READ_RUNS; run++) {
        SandboxInstance victim = node.replicas().get((run - 1) % node.replicas().size());
        Readers readers = new Readers(app);
        long startMs;
        long rejoinMs = -1;
        try {
          Thread.sleep(READ_BEFORE_KILL_MS);
          readers.phase = Readers.AFTER_KILL;
          victim.kill();
          Thread.sleep(READ_AFTER_KILL_MS);
          readers.phase = Readers.RESTART;
          long startCalled = System.nanoTime();
          victim.start();
          startMs = (System.nanoTime() - startCalled) / 1_000_000;
          victim.awaitCaughtUp(Duration.ofSeconds(30));
          long deadline = System.nanoTime() + REJOIN_LIMIT_MS * 1_000_000;
          while (!readers.firstServedWhileRestarting.containsKey(victim.serverId()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
          }
          Long back = readers.firstServedWhileRestarting.get(victim.serverId());
          if (back != null) {
            rejoinMs = (back - startCalled) / 1_000_000;
          }
        } finally {
          readers.close();
        }
        totalErrorsAfterKill += readers.errors[Readers.AFTER_KILL].sum();
        for (LongAdder errors : readers.errors) {
          totalErrors += errors.sum();
        }
        System.out.printf("   run %d: killed %s; in the %d ms after the kill: %d reads, %d errors, served by %s. "
                + "Before: %d reads, %d errors; while it restarted: %d reads, %d errors; start() took %d ms, %s%s%n",
            run, victim.name(), READ_AFTER_KILL_MS, readers.reads[Readers.AFTER_KILL].sum(), readers.errors[Readers.AFTER_KILL].sum(),
            servedBy(readers.served.get(Readers.AFTER_KILL), names), readers.reads[Readers.BEFORE].sum(), readers.errors[Readers.BEFORE].sum(),
            readers.reads[Readers.RESTART].sum(), readers.errors[Readers.RESTART].sum(), startMs,
            rejoinMs >= 0 ? "first read from it again " + rejoinMs + " ms after start() was called"
                : "NOT back in rotation within " + REJOIN_LIMIT_MS + " ms of catching up",
            readers.firstError.get() == null ? "" : "; first error: " + readers.firstError.get());
      }
    }
    boolean met = totalErrors == 0;
    System.out.printf("   read errors in the %d ms after the kills: %d; in the whole of the %d runs: %d. Target 0: %s%n",
        READ_AFTER_KILL_MS, totalErrorsAfterKill, READ_RUNS, totalErrors, met ? "met" : "MISSED");
    return met;
  }

  private static String servedBy(Map<Integer, LongAdder> served, Map<Integer, String> names) {
    Map<String, Long> byName = new TreeMap<>();
    served.forEach((id, count) -> byName.put(names.getOrDefault(id, "server_id " + id), count.sum()));
    return byName.toString();
  }

  /** Reader threads counting reads, errors and the servers that answered, per phase of a run. */
  private static final class Readers implements AutoCloseable {
    static final int BEFORE = 0;
    static final int AFTER_KILL = 1;
    static final int RESTART = 2;
    final LongAdder[] reads = {new LongAdder(), new LongAdder(), new LongAdder()};
    final LongAdder[] errors = {new LongAdder(), new LongAdder(), new LongAdder()};
    final List<Map<Integer, LongAdder>> served =
        List.of(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    /** When each server first answered a read in the RESTART phase (System.nanoTime()). */
    final Map<Integer, Long> firstServedWhileRestarting = new ConcurrentHashMap<>();
    final AtomicReference<String> firstError = new AtomicReference<>();
    volatile int phase = BEFORE;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    Readers(DataSource app) {
      for (int t = 0; t < READER_THREADS; t++) {
        int offset = t;
        Thread thread = new Thread(() -> {
          long i = offset * 250L;
          while (!stop.get()) {
            long key = i++ % BenchCluster.USERS + 1;
            int server;
            try (Connection c = app.getConnection();
                PreparedStatement ps = c.prepareStatement(READ)) {
              ps.setLong(1, key);
              try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getLong(1) != key) {
                  throw new SQLException("wrong row for key " + key);
                }
                server = rs.getInt(3);
              }
            } catch (SQLException e) {
              errors[phase].increment(); // the phase in which the read ended: a read in flight at the kill counts after it
              firstError.compareAndSet(null, e.getClass().getSimpleName() + "/" + e.getSQLState() + ": " + e.getMessage());
              continue;
            }
            int now = phase;
            if (now == RESTART) {
              firstServedWhileRestarting.putIfAbsent(server, System.nanoTime());
            }
            served.get(now).computeIfAbsent(server, id -> new LongAdder()).increment();
            reads[now].increment();
          }
        }, "failover-reader-" + t);
        threads.add(thread);
        thread.start();
      }
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      for (Thread thread : threads) {
        thread.join(30_000);
      }
    }
  }

  // ---------------------------------------------------------------- 3. cost on the normal path

  private static void normalPathCost(BenchCluster bench, SandboxNode node, int rounds, int seconds) throws Exception {
    for (SandboxInstance instance : node.instances()) {
      if (!instance.isRunning()) {
        throw new IllegalStateException(instance.name() + " is not running before part 3");
      }
    }
    long[] keys = PointSelectComparison.keysOn(bench, node.name());
    System.out.printf("1. Cost of the failover machinery on the normal path: point selects (%s) on %d keys, HikariCP max 8 over "
            + "Shardline with shardline.failover.enabled=false vs true, %d s rounds, %d rounds per side, alternating%n",
        PointSelectComparison.QUERY, keys.length, seconds, rounds);
    try (HikariDataSource off = pool(bench.url + "&shardline.failover.enabled=false", "failover-off");
        HikariDataSource on = pool(bench.url + "&shardline.failover.enabled=true", "failover-on")) {
      for (int threads : new int[] {1, 4}) {
        PointSelectComparison.run(threads, 1, off, keys); // warm-up
        PointSelectComparison.run(threads, 1, on, keys);
        double[] without = new double[rounds];
        double[] with = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          without[r] = PointSelectComparison.run(threads, seconds, off, keys);
          with[r] = PointSelectComparison.run(threads, seconds, on, keys);
        }
        System.out.printf("   threads=%d failover off: %s ops/s; failover on: %s ops/s; median %.0f vs %.0f, ratio on/off %.3f%n",
            threads, Arrays.toString(PointSelectComparison.round(without)), Arrays.toString(PointSelectComparison.round(with)),
            PointSelectComparison.median(without), PointSelectComparison.median(with),
            PointSelectComparison.median(with) / PointSelectComparison.median(without));
      }
    }
  }

  private static HikariDataSource pool(String url, String name) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(8);
    config.setPoolName(name);
    return new HikariDataSource(config);
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private FailoverComparison() {}
}

package dev.shardline.driver.runtime;

import dev.shardline.driver.analysis.SqlAnalyzer;
import dev.shardline.driver.analysis.TableRules;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up: loads and initialises the SQL analysis (JSqlParser's generated parser is one large
 * class, about 100 ms to load on a fresh JVM) on a daemon thread while the runtime talks to the
 * directory, so the application's first statement does not pay for it. Nothing depends on it
 * finishing: a statement that comes first simply initialises the classes itself (class
 * initialisation is thread safe), and the thread ends on its own.
 *
 * <p>Thread safety: {@link #start} may be called from any thread; the analyses it makes are thrown
 * away.
 */
final class AnalysisWarmUp {
  private static final Logger log = LoggerFactory.getLogger(AnalysisWarmUp.class);
  /** Statements of the shapes applications send first: a keyed read, a write, a keyed update. */
  private static final String[] STATEMENTS = {
      "SELECT a, b FROM t WHERE k = ? AND c IN (?, ?) ORDER BY a LIMIT 10",
      "INSERT INTO t (k, a) VALUES (?, ?)",
      "UPDATE t SET a = ? WHERE k = ?"};
  private static volatile boolean done;

  private AnalysisWarmUp() {}

  /** Starts the warm-up once per JVM; later runtimes find the classes loaded already. */
  static void start(String runtimeName) {
    if (done) {
      return;
    }
    done = true;
    Thread thread = new Thread(() -> {
      try {
        SqlAnalyzer analyzer = new SqlAnalyzer(new TableRules(Map.of("t", "k"), Set.of(), Set.of()));
        for (String sql : STATEMENTS) {
          analyzer.analyze(sql);
        }
      } catch (RuntimeException e) {
        // Only a head start: the first real statement does the same work and reports any problem.
        log.debug("{}: analysis warm-up failed", runtimeName, e);
      }
    }, runtimeName + "-warm-up");
    thread.setDaemon(true);
    thread.start();
  }
}

package dev.shardline.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code mariadbd} command line of one sandbox instance.
 *
 * <p>The memory settings keep an idle instance near 60 MB resident so a dozen fit on a 2-core,
 * 24 GB machine; durability settings are relaxed because a sandbox is disposable. Every instance
 * writes a row-based binary log with its own GTID domain, so any of them can become a master.
 */
final class ServerCommandLine {
  private static final List<String> SMALL_FOOTPRINT =
      List.of(
          "--innodb-buffer-pool-size=32M",
          "--innodb-log-file-size=16M",
          "--innodb-log-buffer-size=4M",
          "--key-buffer-size=1M",
          "--aria-pagecache-buffer-size=2M",
          "--max-connections=200",
          "--table-open-cache=200",
          "--table-definition-cache=400",
          "--innodb-read-io-threads=1",
          "--innodb-write-io-threads=2",
          "--innodb-flush-log-at-trx-commit=2",
          "--sync-binlog=0",
          "--skip-innodb-use-native-aio",
          "--performance-schema=OFF");

  private ServerCommandLine() {}

  static List<String> of(
      MariaDbDistribution distribution,
      InstanceSpec spec,
      Path dataDir,
      Path initFile,
      boolean readOnly) {
    List<String> args = new ArrayList<>();
    args.add(distribution.mariadbd().toString());
    args.add("--no-defaults");
    args.add("--user=root");
    args.add("--basedir=" + distribution.baseDir());
    args.add("--datadir=" + dataDir);
    args.add("--tmpdir=" + dataDir);
    args.add("--port=" + spec.port());
    args.add("--bind-address=127.0.0.1");
    args.add("--socket=" + socketPath(spec.port()));
    args.add("--pid-file=" + dataDir.resolve("mariadbd.pid"));
    args.add("--log-error=" + dataDir.resolve("error.log"));
    args.add("--skip-name-resolve");
    args.add("--character-set-server=utf8mb4");
    args.add("--collation-server=utf8mb4_general_ci");
    args.add("--init-file=" + initFile);
    args.add("--server-id=" + spec.serverId());
    args.add("--gtid-domain-id=" + spec.serverId());
    args.add("--log-bin=mysql-bin");
    args.add("--relay-log=relay-bin");
    args.add("--binlog-format=ROW");
    args.add("--log-slave-updates=1");
    args.add("--report-host=127.0.0.1");
    args.add("--report-port=" + spec.port());
    args.add("--auto-increment-increment=" + spec.autoIncrementIncrement());
    args.add("--auto-increment-offset=" + spec.autoIncrementOffset());
    args.add("--read-only=" + (readOnly ? "ON" : "OFF"));
    if (spec.semiSyncMaster()) {
      // The active master waits for the passive one to acknowledge every commit, as DRBD keeps
      // the pair in step. Only the writable side is a semi-sync source: a passive master that
      // waited for acknowledgements while applying replicated events would stall for the timeout
      // once the active one died. Promotion moves the role (SandboxNode.promotePassive).
      args.add("--rpl-semi-sync-master-enabled=" + (readOnly ? "OFF" : "ON"));
      // (a master that restarts writable has no partner connected yet; see wait-no-slave below)
      args.add("--rpl-semi-sync-slave-enabled=ON");
      args.add("--rpl-semi-sync-master-timeout=2000");
      // With its partner dead, a master goes on alone at once (DRBD's degraded mode) instead of
      // waiting for the timeout on every commit; semi-sync resumes when the partner reconnects.
      args.add("--rpl-semi-sync-master-wait-no-slave=OFF");
    }
    args.addAll(SMALL_FOOTPRINT);
    args.addAll(spec.extraArgs());
    return args;
  }

  /** Unix socket paths are limited to 108 bytes, so they do not live in the (deep) data dir. */
  static Path socketPath(int port) {
    return Path.of(System.getProperty("java.io.tmpdir"), "shardline-sandbox-" + port + ".sock");
  }
}

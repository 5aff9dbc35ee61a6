package dev.shardline.sandbox;

import java.util.List;

/** What a sandbox instance is, fixed when the cluster is built. */
record InstanceSpec(
    String name,
    SandboxInstance.Role role,
    int serverId,
    int port,
    int autoIncrementIncrement,
    int autoIncrementOffset,
    boolean semiSyncMaster,
    List<String> extraArgs) {}

package dev.shardline.driver;

/** A physical pool's figures at one moment: one HikariCP pool per endpoint. */
public record PoolStats(String endpoint, int active, int idle, int total, int waiting) {}

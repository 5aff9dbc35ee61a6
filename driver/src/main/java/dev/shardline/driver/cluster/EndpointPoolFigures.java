package dev.shardline.driver.cluster;

/** One endpoint pool's figures at one moment. */
public record EndpointPoolFigures(String endpoint, int active, int idle, int total, int waiting) {}

package dev.shardline.directory;

import java.time.Instant;

/**
 * One entry of the directory's append-only change log.
 *
 * <p>{@code kind} is {@code "NODE"} (subject: the node's name; its endpoints, weight or state
 * changed, or it was registered), {@code "KEY"} (subject: the key's text; its node or state
 * changed) or {@code "SETTINGS"} (subject: the setting's name, {@code global_node}; another node
 * was pinned as the global node). Later versions may add kinds; a reader that meets one it does not know must treat
 * everything as changed. {@code at} is the directory primary's clock at commit.
 *
 * <p>Immutable and thread safe.
 */
public record ChangeLogEntry(long sequence, String kind, String subject, Instant at) {}

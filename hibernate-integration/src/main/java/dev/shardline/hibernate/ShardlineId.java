package dev.shardline.hibernate;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.hibernate.annotations.IdGeneratorType;

/**
 * Generates the annotated {@code Long} id from a cluster-wide sequence
 * ({@link dev.shardline.driver.ShardlineConnection#nextId}): unique across every node, process and
 * restart, increasing per driver instance, assigned before the INSERT (so JDBC batching works) and
 * never encoding a node, since keys move.
 *
 * <pre>{@code
 * @Id @ShardlineId("posts") private Long id;
 * }</pre>
 */
@IdGeneratorType(ShardlineIdGenerator.class)
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface ShardlineId {
  /** The sequence name: 1 to 64 letters, digits, '.', '_' or '-'; entities may share one. */
  String value();
}

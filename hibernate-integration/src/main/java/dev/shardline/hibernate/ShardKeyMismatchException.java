package dev.shardline.hibernate;

import org.hibernate.HibernateException;

/**
 * A session bound to one shard key tried to write an entity whose own shard key is another:
 * nothing was written. Write the entity in a session bound to its key, or in an unbound session
 * (whose SQL carries the entity's key).
 */
public class ShardKeyMismatchException extends HibernateException {
  private static final long serialVersionUID = 1L;

  ShardKeyMismatchException(String message) {
    super(message);
  }
}

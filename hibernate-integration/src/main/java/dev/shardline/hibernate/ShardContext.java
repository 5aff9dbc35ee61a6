package dev.shardline.hibernate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;

/**
 * The shard key the current thread's new Hibernate sessions are bound to. A session opened while
 * a key is bound ({@link ShardTenantResolver} reads it as the tenant identifier) sends every
 * statement whose SQL carries no key of its own to that key's node: lookups by a child's own id,
 * lazy loads, flushes. Sessions opened with no key bound are unbound: their statements are routed
 * by the keys in their SQL, or scattered across the nodes.
 *
 * <pre>{@code
 * try (ShardContext.Binding bound = ShardContext.bind(userId);
 *      Session session = sessionFactory.openSession()) {
 *   Post post = session.find(Post.class, postId);   // read on userId's node
 * }
 * }</pre>
 *
 * <p>The binding is read when a session opens; a session keeps its key for its whole life.
 * Bindings nest: {@link Binding#close()} restores the key bound before. Thread safety: one binding
 * per thread (a {@code ThreadLocal}); a binding must be closed on the thread that made it.
 */
public final class ShardContext {
  /** The tenant identifier of an unbound session. */
  public static final String UNBOUND = "shardline:unbound";

  private static final ThreadLocal<String> KEY = new ThreadLocal<>();

  private ShardContext() {}

  /**
   * Binds the current thread's new sessions to {@code key} until the returned binding is closed.
   *
   * @param key the shard key (a number or a non-blank string), e.g. the user id
   * @throws IllegalArgumentException if the key is null, blank or of another type
   */
  public static Binding bind(Object key) {
    String tenant = tenantOf(key);
    String previous = KEY.get();
    KEY.set(tenant);
    return new Binding(previous);
  }

  /** The key bound on this thread, as a tenant identifier, if any. */
  public static Optional<String> current() {
    return Optional.ofNullable(KEY.get());
  }

  /**
   * The tenant identifier of {@code key}, for {@code sessionFactory.withOptions().tenantIdentifier(...)}:
   * integral numbers in decimal, strings trimmed.
   */
  public static String tenantOf(Object key) {
    if (key == null) {
      throw new IllegalArgumentException("a shard key to bind a session to cannot be null; open an unbound session instead");
    }
    if (key instanceof Long || key instanceof Integer || key instanceof Short || key instanceof Byte || key instanceof BigInteger) {
      return key.toString();
    }
    if (key instanceof BigDecimal decimal) {
      try {
        return decimal.toBigIntegerExact().toString();
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("shard key " + key + " has a fraction; shard keys are integers or strings", e);
      }
    }
    if (key instanceof CharSequence text) {
      String trimmed = text.toString().trim();
      if (trimmed.isEmpty() || trimmed.equals(UNBOUND)) {
        throw new IllegalArgumentException("a shard key cannot be blank (or '" + UNBOUND + "')");
      }
      return trimmed;
    }
    throw new IllegalArgumentException("a shard key is an integer or a string, not a " + key.getClass().getName() + " (" + key + ")");
  }

  /** Whether {@code value} (an entity's shard key attribute) is the key {@code tenant} names. */
  static boolean sameKey(String tenant, Object value) {
    if (value == null) {
      return false;
    }
    String text = value instanceof CharSequence ? value.toString().trim() : value.toString();
    if (text.equals(tenant)) {
      return true;
    }
    // '042' and 42 are one key in a BIGINT column: compare integers by value.
    try {
      return new BigInteger(text).equals(new BigInteger(tenant));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Restores the key that was bound before, when closed. */
  public static final class Binding implements AutoCloseable {
    private final String previous;
    private boolean closed;

    private Binding(String previous) {
      this.previous = previous;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (previous == null) {
        KEY.remove();
      } else {
        KEY.set(previous);
      }
    }
  }
}

package dev.shardline.driver.analysis;

import java.util.List;

/**
 * Where a statement's shard-key value comes from: the JDBC parameter at {@code parameterIndex}
 * (1-based, the textual order of the {@code ?} markers), or a literal written in the SQL.
 *
 * <p>Exactly one of the two is set: {@code parameterIndex > 0} with a null literal, or
 * {@code parameterIndex == 0} with a {@link Long} (integer literal) or {@link String} (string
 * literal). Other integral numbers given to the constructor are widened to {@code Long}.
 *
 * <p>Immutable and thread-safe.
 */
public record KeyRef(int parameterIndex, Object literal) {

  public KeyRef {
    if (parameterIndex < 0) {
      throw new IllegalArgumentException("parameterIndex must be >= 1 for a parameter or 0 for a literal, was " + parameterIndex);
    }
    if (parameterIndex > 0 && literal != null) {
      throw new IllegalArgumentException("a key is a parameter (index " + parameterIndex + ") or a literal (" + literal + "), not both");
    }
    if (parameterIndex == 0) {
      literal = literalValue(literal);
    }
  }

  /** The key is the value bound to parameter {@code index} (1-based). */
  public static KeyRef ofParameter(int index) {
    if (index < 1) {
      throw new IllegalArgumentException("parameter indexes start at 1, was " + index);
    }
    return new KeyRef(index, null);
  }

  /** The key is a literal of the SQL text: an integer (as {@code Long}) or a string. */
  public static KeyRef ofLiteral(Object literal) {
    return new KeyRef(0, literal);
  }

  public boolean isParameter() {
    return parameterIndex > 0;
  }

  /**
   * The key's value: the literal, or {@code parameters.get(parameterIndex - 1)} (which may be
   * null when the parameter was bound to SQL NULL).
   *
   * @throws IllegalStateException naming the parameter when it is not bound
   */
  public Object resolve(List<Object> parameters) {
    if (parameterIndex == 0) {
      return literal;
    }
    if (parameters == null || parameters.size() < parameterIndex) {
      throw new IllegalStateException("parameter " + parameterIndex + " holds the shard key but is not bound");
    }
    return parameters.get(parameterIndex - 1);
  }

  /** {@code ?3}, {@code 42} or {@code 'abc'}: how the key reads in an explanation. */
  @Override
  public String toString() {
    if (parameterIndex > 0) {
      return "?" + parameterIndex;
    }
    return literal instanceof String s ? "'" + s.replace("'", "''") + "'" : String.valueOf(literal);
  }

  private static Object literalValue(Object literal) {
    if (literal instanceof Long || literal instanceof String) {
      return literal;
    }
    if (literal instanceof Integer || literal instanceof Short || literal instanceof Byte) {
      return ((Number) literal).longValue();
    }
    throw new IllegalArgumentException(
        "a literal shard key is an integer (Long) or a string, not " + (literal == null ? "null" : literal.getClass().getSimpleName() + " " + literal));
  }
}

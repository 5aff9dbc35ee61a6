package dev.shardline.driver;

import java.util.regex.Pattern;

/**
 * Recognises a SELECT that can return no row whatever the data: {@code WHERE 1=0}, {@code WHERE
 * false}, {@code LIMIT 0}. Schema tools (Hibernate's per-table extraction, many others) send them to
 * read a table's result-set metadata. Any node answers one correctly, so it needs no shard key.
 */
final class EmptyResultProbe {
  private static final Pattern CONSTANT_FALSE_WHERE =
      Pattern.compile("(?is).*\\bwhere\\s+\\(?\\s*(1\\s*=\\s*0|0\\s*=\\s*1|1\\s*<>\\s*1|false|0)\\s*\\)?\\s*(limit\\s+\\d+\\s*)?;?\\s*");
  private static final Pattern LIMIT_ZERO = Pattern.compile("(?is).*\\blimit\\s+0\\s*;?\\s*");

  private EmptyResultProbe() {}

  static boolean matches(String sql) {
    return CONSTANT_FALSE_WHERE.matcher(sql).matches() || LIMIT_ZERO.matcher(sql).matches();
  }
}

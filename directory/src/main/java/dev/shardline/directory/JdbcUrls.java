package dev.shardline.directory;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code host:port} part of a MySQL JDBC URL, so messages and logs name a server without
 * ever showing the credentials a URL may carry ({@code user:password@host}, {@code ?password=}).
 *
 * <p>Stateless and thread safe.
 */
final class JdbcUrls {
  private static final Pattern AUTHORITY = Pattern.compile("^jdbc:[a-z:]+//([^/?#]*)", Pattern.CASE_INSENSITIVE);

  private JdbcUrls() {}

  /** {@code host:port[,host:port...]} of a URL, or {@code null} when it has none. */
  static String hostAndPort(String url) {
    if (url == null) {
      return null;
    }
    Matcher m = AUTHORITY.matcher(url);
    if (!m.find()) {
      return null;
    }
    String authority = m.group(1);
    int at = authority.lastIndexOf('@');
    authority = at >= 0 ? authority.substring(at + 1) : authority;
    return authority.isEmpty() ? null : authority;
  }
}

package dev.shardline.driver.runtime;

/** The driver's name and version, as {@code DatabaseMetaData} and {@code java.sql.Driver} report them. */
public final class Version {
  public static final String NAME = "Shardline";
  public static final String VERSION = "0.1.0";
  public static final int MAJOR = 0;
  public static final int MINOR = 1;

  private Version() {}
}

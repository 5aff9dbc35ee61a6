package dev.shardline.directory;

/** What a look-up is for; writes demand a fresher answer than reads (see {@link Directory#find}). */
public enum Access {
  READ,
  WRITE
}

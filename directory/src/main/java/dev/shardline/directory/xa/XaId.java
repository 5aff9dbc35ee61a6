package dev.shardline.directory.xa;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * The XA id of one branch of a Shardline cross-node transaction: a global transaction id shared by
 * every branch ({@code sl:<start millis>:<random>}, at most 64 bytes as XA allows), the branch
 * qualifier (the node's id in the directory) and Shardline's format id, which tells recovery which
 * prepared branches on a server are Shardline's to resolve and leaves every other XA user's alone.
 * The start time in the id is what presumed abort measures a branch's age by, so it needs no clock
 * but the coordinator's and no state but the server's own {@code XA RECOVER}.
 *
 * <p>Immutable and thread safe.
 */
public record XaId(String gtrid, int nodeId) {
  /** "SHLN": the format id of every Shardline branch. */
  public static final int FORMAT_ID = 0x53484C4E;
  private static final String PREFIX = "sl:";

  /** A new global transaction id, started now. */
  public static String newGlobalId() {
    return PREFIX + System.currentTimeMillis() + ":" + UUID.randomUUID().toString().replace("-", "");
  }

  /** When the transaction began (coordinator's clock), or empty for an id Shardline did not make. */
  public static Optional<Long> startMillis(String gtrid) {
    if (!gtrid.startsWith(PREFIX)) {
      return Optional.empty();
    }
    int end = gtrid.indexOf(':', PREFIX.length());
    try {
      return end < 0 ? Optional.empty() : Optional.of(Long.parseLong(gtrid.substring(PREFIX.length(), end)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * The id as the XA statements take it: {@code X'..',X'..',format}. Hex literals, so no text of
   * the id is ever quoted into SQL.
   */
  public String sql() {
    HexFormat hex = HexFormat.of();
    return "X'" + hex.formatHex(gtrid.getBytes(StandardCharsets.US_ASCII)) + "',X'"
        + hex.formatHex(Integer.toString(nodeId).getBytes(StandardCharsets.US_ASCII)) + "'," + FORMAT_ID;
  }

  /**
   * A branch from one {@code XA RECOVER} row, or empty when it is not Shardline's (another format
   * id, or a qualifier that is not a node id).
   */
  static Optional<XaId> fromRecoverRow(int formatId, int gtridLength, int bqualLength, byte[] data) {
    if (formatId != FORMAT_ID || data == null || gtridLength + bqualLength > data.length) {
      return Optional.empty();
    }
    String gtrid = new String(data, 0, gtridLength, StandardCharsets.US_ASCII);
    String bqual = new String(data, gtridLength, bqualLength, StandardCharsets.US_ASCII);
    try {
      return Optional.of(new XaId(gtrid, Integer.parseInt(bqual)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return gtrid + "/node " + nodeId;
  }
}

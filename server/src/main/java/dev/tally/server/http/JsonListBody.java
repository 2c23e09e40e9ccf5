package dev.tally.server.http;

import dev.tally.server.http.DeflateSegments.Segment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The answer of {@code GET /api/v1/invoices}, {@code {"invoices":[...]}}, composed from the bodies
 * of its invoices without copying or compressing them again: the bytes equal the wire model's
 * serialization of the whole list (the wire mapper writes no whitespace), and the gzip coding joins
 * the invoices' DEFLATE segments. Its entity tag is a SHA-256 over the invoices' tags, which name
 * their bytes, so it changes when and only when one of them does.
 */
final class JsonListBody implements Representation {

  private static final byte[] OPEN = "{\"invoices\":[".getBytes(StandardCharsets.UTF_8);
  private static final byte[] COMMA = {','};
  private static final byte[] CLOSE = "]}".getBytes(StandardCharsets.UTF_8);
  private static final Segment OPEN_SEGMENT = DeflateSegments.segment(OPEN);
  private static final Segment COMMA_SEGMENT = DeflateSegments.segment(COMMA);
  private static final Segment CLOSE_SEGMENT = DeflateSegments.segment(CLOSE);

  private final List<JsonBody> invoices;
  private final String etag;

  /**
   * @param invoices the invoices' bodies, in the list's order
   */
  JsonListBody(List<JsonBody> invoices) {
    this.invoices = List.copyOf(invoices);
    byte[][] tags = new byte[this.invoices.size() + 1][];
    tags[0] = OPEN;
    for (int i = 0; i < this.invoices.size(); i++) {
      tags[i + 1] = this.invoices.get(i).etag().getBytes(StandardCharsets.US_ASCII);
    }
    this.etag = Representation.tagOf(tags);
  }

  @Override
  public String etag() {
    return etag;
  }

  @Override
  public Chunks identity() {
    return Chunks.of(identityParts());
  }

  @Override
  public Chunks gzip() {
    List<Segment> segments = segments();
    List<byte[]> parts = new ArrayList<>(segments.size() + 2);
    parts.add(DeflateSegments.header());
    for (Segment segment : segments) {
      parts.add(segment.deflated());
    }
    parts.add(DeflateSegments.trailer(segments));
    return Chunks.of(parts);
  }

  @Override
  public long gzipLength() {
    long length = DeflateSegments.FRAME_BYTES;
    for (Segment segment : segments()) {
      length += segment.deflated().length;
    }
    return length;
  }

  private List<byte[]> identityParts() {
    return joined(OPEN, COMMA, CLOSE, JsonBody::json, invoices);
  }

  /** The DEFLATE segments of {@link #identityParts}, part for part. */
  private List<Segment> segments() {
    return joined(OPEN_SEGMENT, COMMA_SEGMENT, CLOSE_SEGMENT, JsonBody::segment, invoices);
  }

  /**
   * {@code open}, each invoice's part separated by {@code comma}, then {@code close}: the list's
   * one layout, in either coding.
   */
  private static <P> List<P> joined(
      P open, P comma, P close, Function<JsonBody, P> invoicePart, List<JsonBody> invoices) {
    List<P> parts = new ArrayList<>(2 * invoices.size() + 2);
    parts.add(open);
    for (int i = 0; i < invoices.size(); i++) {
      if (i > 0) {
        parts.add(comma);
      }
      parts.add(invoicePart.apply(invoices.get(i)));
    }
    parts.add(close);
    return parts;
  }
}

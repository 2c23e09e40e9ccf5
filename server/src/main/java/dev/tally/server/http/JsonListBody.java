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
 *
 * <p>A list served again ({@link ListBodies}) is worth compressing as a whole: {@link #compacted}
 * gives the same list with a gzip coding seven times smaller, which has its own entity tag, {@code
 * "<tag>-gzip-whole"}, since its bytes differ from the joined segments' ({@code "<tag>-gzip"}), and
 * its JSON joined into one array, which a writer sends without copying it again.
 */
final class JsonListBody implements Representation {

  private static final byte[] OPEN = "{\"invoices\":[".getBytes(StandardCharsets.UTF_8);
  private static final byte[] COMMA = {','};
  private static final byte[] CLOSE = "]}".getBytes(StandardCharsets.UTF_8);
  private static final Segment OPEN_SEGMENT = DeflateSegments.segment(OPEN);
  private static final Segment COMMA_SEGMENT = DeflateSegments.segment(COMMA);
  private static final Segment CLOSE_SEGMENT = DeflateSegments.segment(CLOSE);

  /** The suffix of the whole-list gzip coding's entity tag, inside the quotes. */
  static final String WHOLE_GZIP_TAG_SUFFIX = "-gzip-whole";

  private final List<JsonBody> invoices;
  private final String etag;
  private final long identityLength;

  /** The list as one gzip member, or null while it is sent as joined segments. */
  private final byte[] wholeGzip;

  /** The JSON in one array, or null while it is sent as its invoices' parts. */
  private final byte[] joinedJson;

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
    this.identityLength = Chunks.of(identityParts()).length();
    this.wholeGzip = null;
    this.joinedJson = null;
  }

  private JsonListBody(JsonListBody list, byte[] joinedJson, byte[] wholeGzip) {
    this.invoices = List.of(); // both codings are whole now: the parts are not held any longer
    this.etag = list.etag;
    this.identityLength = list.identityLength;
    this.joinedJson = joinedJson;
    this.wholeGzip = wholeGzip;
  }

  /**
   * The same list, its gzip coding compressed as one member ({@link GzipMember}) and its JSON
   * joined into one array: a pass over every byte, about 10 µs per KB. Returns this list if it is
   * compacted already.
   */
  JsonListBody compacted() {
    if (wholeGzip != null) {
      return this;
    }
    List<byte[]> parts = identityParts();
    return new JsonListBody(this, Chunks.of(parts).joined(), GzipMember.of(parts));
  }

  /** Whether {@link #compacted} has nothing left to do. */
  boolean isCompacted() {
    return wholeGzip != null;
  }

  @Override
  public String etag() {
    return etag;
  }

  @Override
  public String gzipEtag() {
    return wholeGzip == null
        ? Representation.super.gzipEtag()
        : etag.substring(0, etag.length() - 1) + WHOLE_GZIP_TAG_SUFFIX + '"';
  }

  @Override
  public long identityLength() {
    return identityLength;
  }

  @Override
  public Chunks identity() {
    return joinedJson != null ? Chunks.of(List.of(joinedJson)) : Chunks.of(identityParts());
  }

  @Override
  public Chunks gzip() {
    if (wholeGzip != null) {
      return Chunks.of(List.of(wholeGzip));
    }
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
    if (wholeGzip != null) {
      return wholeGzip.length;
    }
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

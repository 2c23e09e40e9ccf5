package dev.tally.server.http;

import java.util.List;

/**
 * One JSON document (an invoice, or any other answer of the invoice routes) with its entity tag,
 * and, computed once on first use, its DEFLATE segment, so that a cached body is compressed at most
 * once in its life.
 */
final class JsonBody implements Representation {

  private final byte[] json;
  private final String etag;
  private volatile DeflateSegments.Segment segment;

  private JsonBody(byte[] json) {
    this.json = json;
    this.etag = Representation.tagOf(json);
  }

  /**
   * @param json UTF-8 JSON, never changed afterwards
   */
  static JsonBody of(byte[] json) {
    return new JsonBody(json);
  }

  byte[] json() {
    return json;
  }

  @Override
  public String etag() {
    return etag;
  }

  /** The DEFLATE segment of {@link #json()} ({@link DeflateSegments#segment}). */
  DeflateSegments.Segment segment() {
    DeflateSegments.Segment computed = segment;
    if (computed == null) {
      computed = DeflateSegments.segment(json);
      segment = computed;
    }
    return computed;
  }

  @Override
  public Chunks identity() {
    return Chunks.of(List.of(json));
  }

  @Override
  public long identityLength() {
    return json.length;
  }

  @Override
  public long gzipLength() {
    return DeflateSegments.FRAME_BYTES + segment().deflated().length;
  }

  @Override
  public Chunks gzip() {
    DeflateSegments.Segment compressed = segment();
    return Chunks.of(
        List.of(
            DeflateSegments.header(),
            compressed.deflated(),
            DeflateSegments.trailer(List.of(compressed))));
  }
}

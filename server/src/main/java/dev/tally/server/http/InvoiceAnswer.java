package dev.tally.server.http;

/**
 * What an invoice route answers for a representation, decided once for both ways a request can be
 * served (the router's {@link InvoiceRoutes} and {@link HotInvoiceReads}): the coding the client
 * accepts ({@link ContentCoding}), that coding's entity tag, and whether {@code If-None-Match}
 * already names it ({@link ConditionalGet}), which makes the answer {@code 304} with no body, no
 * {@code Content-Type} and no {@code Content-Length}.
 *
 * @param etag the entity tag to send, quoted, of the coding chosen
 * @param notModified whether the answer is {@code 304 Not Modified}
 * @param gzip whether the body goes out gzip-coded
 */
record InvoiceAnswer(Representation body, String etag, boolean notModified, boolean gzip) {

  /**
   * {@code private} because every answer is one organization's; {@code no-cache} lets a client keep
   * it but makes it revalidate each time, so a draft is never shown stale.
   */
  static final String CACHE_CONTROL = "private, no-cache";

  static final String CONTENT_TYPE = "application/json";

  /**
   * @param acceptEncoding the request's {@code Accept-Encoding} lines, none if absent; several
   *     lines are one comma-separated list (RFC 9110 section 5.3)
   * @param ifNoneMatch the request's {@code If-None-Match} lines, likewise
   */
  static InvoiceAnswer of(
      Representation body,
      java.util.List<String> acceptEncoding,
      java.util.List<String> ifNoneMatch) {
    return of(body, joined(acceptEncoding), joined(ifNoneMatch));
  }

  /** Header lines as one field value; null for none. */
  private static String joined(java.util.List<String> lines) {
    return lines.isEmpty() ? null : String.join(", ", lines);
  }

  /**
   * @param acceptEncoding the request's {@code Accept-Encoding}, or null
   * @param ifNoneMatch the request's {@code If-None-Match}, or null
   */
  private static InvoiceAnswer of(Representation body, String acceptEncoding, String ifNoneMatch) {
    boolean gzip = ContentCoding.gzip(acceptEncoding, body.identityLength());
    return new InvoiceAnswer(
        body,
        gzip ? body.gzipEtag() : body.etag(),
        ConditionalGet.notModified(ifNoneMatch, body),
        gzip);
  }

  /** The bytes of the chosen coding. */
  Representation.Chunks content() {
    return gzip ? body.gzip() : body.identity();
  }

  /** {@code content().length()}, without assembling it: what a {@code HEAD} states. */
  long contentLength() {
    return gzip ? body.gzipLength() : body.identityLength();
  }
}

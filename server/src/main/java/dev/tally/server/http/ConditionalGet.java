package dev.tally.server.http;

/**
 * {@code If-None-Match} as RFC 9110 section 13.1.2 defines it: the condition fails (and a GET or
 * HEAD is answered {@code 304 Not Modified}) when the header is {@code *} or lists a tag that
 * matches by weak comparison, so {@code W/"x"} matches {@code "x"}. Either coding's tag of the
 * current representation matches: a client that cached the identity answer and now accepts gzip (or
 * the other way round) holds the same JSON. A tag that is not quoted is ignored rather than
 * refused: a malformed precondition only costs a full answer.
 */
final class ConditionalGet {

  private ConditionalGet() {}

  /** Whether {@code ifNoneMatch} (the header's value, or {@code null}) names the representation. */
  static boolean notModified(String ifNoneMatch, Representation current) {
    if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
      return false;
    }
    if (ifNoneMatch.strip().equals("*")) {
      return true;
    }
    String identity = current.etag();
    String gzip = current.gzipEtag();
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.strip();
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.equals(identity) || tag.equals(gzip)) {
        return true;
      }
    }
    return false;
  }
}

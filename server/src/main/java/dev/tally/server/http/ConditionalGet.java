package dev.tally.server.http;

/**
 * {@code If-None-Match} as RFC 9110 section 13.1.2 defines it: the condition fails (and a GET or
 * HEAD is answered {@code 304 Not Modified}) when the header is {@code *} or lists a tag that
 * matches by weak comparison, so {@code W/"x"} matches {@code "x"}. Any coding's tag of the current
 * representation matches ({@code "<tag>"}, {@code "<tag>-gzip"} and a list's {@code
 * "<tag>-gzip-whole"}): a client that cached the identity answer and now accepts gzip (or the other
 * way round, or a list's gzip before it was compressed as a whole) holds the same JSON. A tag that
 * is not quoted is ignored rather than refused: a malformed precondition only costs a full answer.
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
    String opaque = identity.substring(0, identity.length() - 1); // without its closing quote
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.strip();
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.startsWith(opaque) && CODINGS.contains(tag.substring(opaque.length()))) {
        return true;
      }
    }
    return false;
  }

  /** What may follow a representation's opaque tag: each coding's suffix and the closing quote. */
  private static final java.util.Set<String> CODINGS =
      java.util.Set.of("\"", "-gzip\"", JsonListBody.WHOLE_GZIP_TAG_SUFFIX + "\"");
}

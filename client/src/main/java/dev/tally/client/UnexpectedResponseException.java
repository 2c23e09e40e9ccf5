package dev.tally.client;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Optional;

/**
 * An answer came, but its body is not the JSON this SDK expects: an HTML error page from a proxy or
 * load balancer, an empty body, truncated or malformed JSON, or JSON of another shape.
 *
 * <p>The message says what was received: the status, the {@code Content-Type} and the first {@value
 * #SNIPPET_LENGTH} characters of the body. {@link #statusCode()} is the status that was actually
 * received (a 200 whose body is broken stays a 200). If the status was retryable (such as a proxy's
 * 502) it was retried before this was thrown.
 */
public final class UnexpectedResponseException extends TallyException {

  /** How many characters of the body the message quotes. */
  public static final int SNIPPET_LENGTH = 200;

  /** The HTTP status code received. */
  private final int statusCode;

  /** The Content-Type received, or null. */
  private final String contentType;

  /** The body as text. */
  private final String rawBody;

  /** The response headers; not serializable, so not serialized. */
  private final transient HttpHeaders headers;

  UnexpectedResponseException(
      String method,
      URI uri,
      String expected,
      int statusCode,
      HttpHeaders headers,
      byte[] body,
      String rawBody,
      String problem,
      Throwable cause,
      int attempts) {
    super(
        describe(
            method,
            uri,
            message(expected, statusCode, headers, body.length, rawBody, problem),
            attempts,
            null),
        cause,
        method,
        uri,
        attempts);
    this.statusCode = statusCode;
    this.contentType = headers.firstValue("Content-Type").orElse(null);
    this.rawBody = rawBody;
    this.headers = headers;
  }

  /** {@return the HTTP status code that was received} */
  public int statusCode() {
    return statusCode;
  }

  /** {@return the {@code Content-Type} that was received, if any} */
  public Optional<String> contentType() {
    return Optional.ofNullable(contentType);
  }

  /** {@return the whole body as received, decoded as text} */
  public String rawBody() {
    return rawBody;
  }

  /**
   * {@return the start of the body on one line: whitespace runs collapsed, at most {@value
   * #SNIPPET_LENGTH} characters}
   */
  public String bodySnippet() {
    return snippet(rawBody);
  }

  /** {@return the response headers} */
  public HttpHeaders headers() {
    return headers;
  }

  private static String message(
      String expected,
      int statusCode,
      HttpHeaders headers,
      int length,
      String rawBody,
      String problem) {
    String contentType = headers.firstValue("Content-Type").orElse("none");
    String received =
        length == 0 ? "an empty body" : length + " bytes: \"" + snippet(rawBody) + "\"";
    return "expected "
        + expected
        + " but received HTTP "
        + statusCode
        + " with Content-Type "
        + contentType
        + " and "
        + received
        + (problem == null ? "" : " (" + problem + ")");
  }

  static String snippet(String text) {
    StringBuilder out = new StringBuilder();
    boolean space = false;
    int count = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isWhitespace(cp) || Character.isISOControl(cp)) {
        space = out.length() > 0;
        continue;
      }
      if (count + (space ? 1 : 0) >= SNIPPET_LENGTH) {
        return out.append('…').toString();
      }
      if (space) {
        out.append(' ');
        count++;
        space = false;
      }
      out.appendCodePoint(cp);
      count++;
    }
    return out.toString();
  }
}

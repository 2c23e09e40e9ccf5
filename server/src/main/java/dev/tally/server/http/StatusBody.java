package dev.tally.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.GrpcCode;
import dev.tally.model.Status;
import dev.tally.model.WireJson;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Renders the reference {@code Status} error body. */
final class StatusBody {

  private static final ObjectMapper JSON = WireJson.mapper();

  private StatusBody() {}

  static byte[] of(GrpcCode code, String message) {
    try {
      return JSON.writeValueAsBytes(new Status(code.number(), message));
    } catch (JsonProcessingException e) {
      // A two-field record always serializes; keep a literal fallback anyway so an error path never
      // throws.
      return ("{\"code\":" + code.number() + ",\"message\":\"error\",\"details\":[]}")
          .getBytes(StandardCharsets.UTF_8);
    }
  }

  /**
   * Jetty's reasons for refusing a request's framing, as Tally says them. Jetty's own words are
   * never passed on (they can quote the request, or name its classes); a reason not listed here
   * gets the status's general message.
   */
  private static final Map<String, String> FRAMING =
      Map.ofEntries(
          Map.entry("No Host", "an HTTP/1.1 request needs a Host header"),
          Map.entry("Duplicate Host Header", "the request has more than one Host header"),
          Map.entry(
              "Multiple Content-Lengths", "the request has more than one Content-Length header"),
          Map.entry(
              "Transfer-Encoding and Content-Length",
              "the request has both Content-Length and Transfer-Encoding; send one of them"),
          Map.entry(
              "Invalid Content-Length Value",
              "Content-Length must be a whole number of bytes, 0 or more"),
          Map.entry(
              "Illegal character",
              "the request line or a header holds a character HTTP does not allow there (a space"
                  + " in a header's name, a control character)"),
          Map.entry(
              "Line Folding not supported",
              "a header continues on the next line (obsolete line folding); write each header on"
                  + " one line"),
          Map.entry(
              "Illegal Path Character", "the path holds a character that must be percent-encoded"),
          Map.entry("Bad URI path", "the request target must be a path such as /api/v1/invoices"),
          Map.entry(
              "Authority!=Host", "the request target names a different host from its Host header"),
          Map.entry(
              "Bad Transfer-Encoding",
              "Transfer-Encoding must end with chunked, once; Tally reads no other transfer coding"));

  /**
   * The message for a status that arose outside our handlers, in Tally's words.
   *
   * @param reason Jetty's reason, or null: chooses among the messages of {@link #FRAMING}, never
   *     shown itself
   */
  static String messageFor(int httpStatus, String reason) {
    if (httpStatus == 400 && reason != null) {
      for (Map.Entry<String, String> known : FRAMING.entrySet()) {
        if (reason.startsWith(known.getKey())) {
          return known.getValue();
        }
      }
    }
    return messageFor(httpStatus);
  }

  /** The message for a status that arose outside our handlers. */
  static String messageFor(int httpStatus) {
    return switch (httpStatus) {
      case 400 -> "the request is malformed";
      case 404 -> "no such resource";
      case 405 -> "method not allowed";
      case 408 -> "the request took too long to arrive";
      case 413 -> "the request body is too large";
      case 414 -> "the request URI is too long";
      case 415 -> "unsupported content type";
      case 426 -> "the HTTP version is not supported; use HTTP/1.1";
      case 431 -> "the request headers are too large";
      case 503 -> "the service is unavailable; try again shortly";
      case 505 -> "the HTTP version is not supported; use HTTP/1.1";
      default ->
          httpStatus >= 500
              ? "internal error"
              : "the request was rejected (HTTP " + httpStatus + ")";
    };
  }
}

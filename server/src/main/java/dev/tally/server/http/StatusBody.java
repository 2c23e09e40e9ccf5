package dev.tally.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.GrpcCode;
import dev.tally.model.Status;
import dev.tally.model.WireJson;
import java.nio.charset.StandardCharsets;

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

package dev.tally.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The error body of every non-2xx answer: a gRPC status code, a message for people, and details
 * (each a protobuf {@code Any} as JSON, with an {@code @type} key).
 */
public record Status(int code, String message, List<Map<String, Object>> details) {

  public Status {
    message = Objects.requireNonNullElse(message, "");
    details = List.copyOf(Objects.requireNonNullElse(details, List.of()));
  }

  public Status(int code, String message) {
    this(code, message, List.of());
  }
}

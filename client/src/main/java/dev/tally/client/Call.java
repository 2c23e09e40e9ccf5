package dev.tally.client;

import java.util.Objects;

/**
 * One endpoint call, ready to send: the path and query below the base URL, already
 * percent-encoded, and what the success body parses into.
 *
 * @param path starts with {@code /}, encoded
 * @param query {@code name=value&...}, encoded, or empty
 * @param type the model of a 2xx body
 * @param <T> the model type
 */
record Call<T>(String path, String query, Class<T> type) {

  Call {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(type, "type");
  }
}

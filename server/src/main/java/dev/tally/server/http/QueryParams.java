package dev.tally.server.http;

import dev.tally.model.CallerText;
import dev.tally.model.Rfc3339;
import dev.tally.server.errors.Failure;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A query string parsed strictly: percent-escapes must decode to UTF-8, and a parameter given twice
 * is an error rather than a silent pick of one value.
 */
final class QueryParams {

  // RFC 3339: an offset is required, 'T'/'Z' may be lower case, fractions of a second are optional.
  private final Map<String, String> values;

  private QueryParams(Map<String, String> values) {
    this.values = values;
  }

  static QueryParams parse(String rawQuery) {
    Map<String, String> values = new HashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        if (values.putIfAbsent(name, value) != null) {
          throw Failure.invalid("query parameter " + printable(name) + " is given more than once");
        }
      }
    }
    return new QueryParams(values);
  }

  Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** An RFC 3339 timestamp parameter, such as {@code 2026-01-01T00:00:00Z}. */
  Optional<Instant> timestamp(String name) {
    return get(name)
        .map(
            text -> {
              try {
                // The one strict parser (model Rfc3339), which the operator API and the SDK share.
                return Rfc3339.parse(text, name);
              } catch (IllegalArgumentException e) {
                String hint =
                    text.contains(" ")
                        ? " (a '+' in a URL means a space: write the offset as %2B, or use Z)"
                        : "";
                throw Failure.invalid(e.getMessage() + hint);
              }
            });
  }

  private static String decode(String part) {
    byte[] bytes = new byte[part.length()];
    int n = 0;
    for (int i = 0; i < part.length(); i++) {
      char ch = part.charAt(i);
      if (ch == '+') {
        bytes[n++] = ' ';
      } else if (ch == '%') {
        if (i + 2 >= part.length()
            || Character.digit(part.charAt(i + 1), 16) < 0
            || Character.digit(part.charAt(i + 2), 16) < 0) {
          throw Failure.invalid("the query string has a malformed percent-escape");
        }
        bytes[n++] = (byte) Integer.parseInt(part, i + 1, i + 3, 16);
        i += 2;
      } else if (ch > 0x7f) {
        throw Failure.invalid("the query string must be ASCII with percent-escapes");
      } else {
        bytes[n++] = (byte) ch;
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, n))
          .toString();
    } catch (CharacterCodingException e) {
      throw Failure.invalid("the query string does not decode as UTF-8");
    }
  }

  /** Echoes caller input safely ({@link CallerText#quote}). */
  static String printable(String text) {
    return CallerText.quote(text);
  }
}

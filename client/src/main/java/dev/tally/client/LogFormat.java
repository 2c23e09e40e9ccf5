package dev.tally.client;

import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** Renders requests for the debug log, with every credential-bearing header value redacted. */
final class LogFormat {

  static final String REDACTED = "<redacted>";

  private LogFormat() {}

  /** {@code GET <uri> {Header: value, ...}}, with secrets redacted. */
  static String request(HttpRequest request) {
    return request.method() + " " + request.uri() + " " + headers(request.headers());
  }

  /** The headers as {@code {Name: value, ...}}, sorted by name, with secrets redacted. */
  static String headers(HttpHeaders headers) {
    StringJoiner out = new StringJoiner(", ", "{", "}");
    for (Map.Entry<String, List<String>> header : headers.map().entrySet()) {
      for (String value : header.getValue()) {
        out.add(header.getKey() + ": " + (isSensitive(header.getKey()) ? redact(value) : value));
      }
    }
    return out.toString();
  }

  /** Whether a header's value may carry a credential. */
  static boolean isSensitive(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.equals("authorization")
        || n.equals("proxy-authorization")
        || n.equals("cookie")
        || n.equals("set-cookie")
        || n.contains("token")
        || n.contains("secret")
        || n.contains("password")
        || n.contains("api-key")
        || n.contains("apikey");
  }

  /** Keeps an auth scheme such as {@code Bearer}, which is no secret, and hides the rest. */
  private static String redact(String value) {
    int space = value.indexOf(' ');
    return space > 0 ? value.substring(0, space) + " " + REDACTED : REDACTED;
  }
}

package dev.tally.server.http;

/**
 * Request text made safe for a log line: bounded, and with control characters (a forged line break
 * could fake a log line) replaced. Only the path is ever logged, never the query, a header value
 * other than a sane request id, or a body.
 */
final class LogText {

  static final int MAX_PATH = 200;

  private LogText() {}

  static String path(String path) {
    if (path == null) {
      return "";
    }
    String bounded = path.length() > MAX_PATH ? path.substring(0, MAX_PATH) + "..." : path;
    StringBuilder safe = new StringBuilder(bounded.length());
    bounded.codePoints().forEach(c -> safe.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return safe.toString();
  }
}

package dev.tally.model;

/**
 * Caller input quoted back in an error message: at most {@value #MAX} characters (then an
 * ellipsis), control characters replaced by {@code ?}. An answer never grows with what the caller
 * sent, and a log line that quotes it stays one line.
 */
public final class CallerText {

  /** The most characters of caller input a message quotes. */
  public static final int MAX = 64;

  private CallerText() {}

  /**
   * @param text what the caller sent (a path's id, a field's value)
   * @return it, bounded and printable
   */
  public static String quote(String text) {
    String bounded = text.length() > MAX ? text.substring(0, MAX) + "…" : text;
    return bounded
        .codePoints()
        .map(cp -> Character.isISOControl(cp) || Character.isSurrogate((char) cp) ? '?' : cp)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }
}

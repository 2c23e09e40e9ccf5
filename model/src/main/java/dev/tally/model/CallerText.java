package dev.tally.model;

/**
 * Caller input quoted back in an error message: at most {@value #MAX} characters (then an
 * ellipsis), every character that {@linkplain #disturbsALine disturbs a line} replaced by {@code
 * ?}. An answer never grows with what the caller sent, and a log line that quotes it stays one line
 * that reads as it is.
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
        .map(cp -> disturbsALine(cp) ? '?' : cp)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }

  /**
   * Whether a code point could break a line of text or disguise what it says: a control character
   * (C0, DEL, C1, with the line feed and tab), a line or paragraph separator (U+2028, U+2029, which
   * some viewers break lines at), a format character (the bidirectional controls such as U+202E,
   * which reorder what follows them, zero-width characters, U+FEFF), or half of a surrogate pair on
   * its own. What goes into a log line or a quoted message is checked with this one rule.
   *
   * @param codePoint a Unicode code point, as {@link String#codePoints()} gives them
   */
  public static boolean disturbsALine(int codePoint) {
    return switch (Character.getType(codePoint)) {
      case Character.CONTROL,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.FORMAT,
          Character.SURROGATE ->
          true;
      default -> false;
    };
  }
}

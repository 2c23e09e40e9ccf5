package dev.tally.model;

import java.text.BreakIterator;
import java.util.Locale;

/**
 * Text that goes into one line someone reads (an error message, a log line, a table on a terminal)
 * made safe for it: every character that {@linkplain #disturbsALine disturbs a line} replaced by
 * {@code ?}, and caller input quoted back in a message bounded at {@value #MAX} characters. An
 * answer never grows with what the caller sent, and a line that quotes it stays one line that reads
 * as it is.
 */
public final class CallerText {

  /** The most code points of caller input a message quotes (fewer, to keep a character whole). */
  public static final int MAX = 64;

  private static final int ZERO_WIDTH_NON_JOINER = 0x200C;
  private static final int ZERO_WIDTH_JOINER = 0x200D;

  private CallerText() {}

  /**
   * @param text what the caller sent (a path's id, a field's value)
   * @return at most its first {@value #MAX} code points ({@link #bounded}), then {@code …} if there
   *     were more, {@linkplain #lineSafe line-safe}
   */
  public static String quote(String text) {
    return lineSafe(bounded(text, MAX, "…"));
  }

  /**
   * {@code text} cut to at most {@code max} code points, with {@code more} appended when it was
   * cut. The cut falls between two characters as a reader sees them (grapheme clusters, {@link
   * BreakIterator#getCharacterInstance}), so a flag, an emoji sequence joined by U+200D or a letter
   * with its accents is kept whole or left out whole.
   */
  public static String bounded(String text, int max, String more) {
    if (text.length() <= max || text.codePointCount(0, text.length()) <= max) {
      return text;
    }
    int end = text.offsetByCodePoints(0, max);
    BreakIterator characters = BreakIterator.getCharacterInstance(Locale.ROOT);
    characters.setText(text);
    int cut = characters.isBoundary(end) ? end : characters.preceding(end);
    return text.substring(0, Math.max(cut, 0)) + more;
  }

  /**
   * {@code text} with each code point that {@linkplain #disturbsALine disturbs a line} replaced by
   * {@code ?}; the same instance when there is none, which is checked without allocating.
   */
  public static String lineSafe(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        // Printable ASCII needs no look; past it, the code points are looked at once.
        if (text.codePoints().noneMatch(CallerText::disturbsALine)) {
          return text;
        }
        StringBuilder safe = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> safe.appendCodePoint(disturbsALine(cp) ? '?' : cp));
        return safe.toString();
      }
    }
    return text;
  }

  /**
   * Whether a code point could break a line of text or disguise what it says: a control character
   * (C0, DEL, C1, with the line feed and tab), a line or paragraph separator (U+2028, U+2029, which
   * some viewers break lines at), a format character (the bidirectional controls such as U+202E,
   * which reorder what follows them, zero-width spaces, U+FEFF, tag characters), or half of a
   * surrogate pair on its own. The zero-width joiner and non-joiner are format characters that
   * stay: they hold emoji sequences and words in Persian and Indic scripts together, and names may
   * have them. Log lines, quoted messages and the command line's tables are checked with this one
   * rule.
   *
   * @param codePoint a Unicode code point, as {@link String#codePoints()} gives them
   */
  public static boolean disturbsALine(int codePoint) {
    return switch (Character.getType(codePoint)) {
      case Character.CONTROL,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE ->
          true;
      case Character.FORMAT -> codePoint != ZERO_WIDTH_JOINER && codePoint != ZERO_WIDTH_NON_JOINER;
      default -> false;
    };
  }
}

package dev.tally.model;

/**
 * Quotes caller input in an error message safely: bounded, and with control characters replaced.
 */
final class Echo {

  /** The most characters of the input an error message quotes. */
  static final int MAX = 64;

  private Echo() {}

  static String printable(String text) {
    String bounded = text.length() > MAX ? text.substring(0, MAX) + "…" : text;
    return bounded
        .codePoints()
        .map(cp -> Character.isISOControl(cp) ? '?' : cp)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }
}

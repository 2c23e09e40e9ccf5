package dev.tally.model;

/**
 * Whole characters in a Java string. A JSON text can carry half of a UTF-16 surrogate pair (an
 * escaped {@code \\uD800} alone), which is no character: no encoding writes it, and libraries
 * disagree on what to make of it.
 */
public final class Utf16 {

  private Utf16() {}

  /**
   * @return the index of the first surrogate without its other half, or -1 if every surrogate in
   *     the text is half of a pair
   */
  public static int loneSurrogateAt(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }
}

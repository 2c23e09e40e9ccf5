package dev.tally.server.orgs;

import dev.tally.server.errors.Failure;
import java.util.UUID;

/** Identifier rules shared by every record that a caller can name. */
public final class IdRules {

  private IdRules() {}

  /** A fresh random id, in the UUID form the reference API uses. */
  public static String random() {
    return UUID.randomUUID().toString();
  }

  /** The longest organization, cluster, folder or account id (invoice ids may be 128). */
  public static final int MAX_RESOURCE_ID = 64;

  /**
   * Checks an id that a caller supplied: 1 to 128 characters, letters, digits and {@code . _ : ~
   * -}, not starting with punctuation (so never {@code ..}).
   */
  public static String requireValid(String what, String id) {
    return requireValid(what, id, 128);
  }

  /** As {@link #requireValid(String, String)}, with a tighter length limit. */
  public static String requireValid(String what, String id, int maxLength) {
    if (id == null || id.isEmpty()) {
      throw Failure.invalid(what + " must not be empty");
    }
    // Counted as a person counts, in code points: an id of emoji is refused by the next rule.
    int length = id.length() > maxLength ? id.codePointCount(0, id.length()) : id.length();
    if (length > maxLength) {
      throw Failure.invalid(what + " is " + length + " characters long; the limit is " + maxLength);
    }
    if (!isSafe(id)) {
      throw Failure.invalid(
          what
              + " may only contain letters, digits and . _ : ~ - and must start with a letter or digit");
    }
    return id;
  }

  /**
   * The longest name of anything a person names (organization, cluster, account, key, adjustment).
   */
  public static final int MAX_NAME = 200;

  /**
   * Checks a name a person gave: not blank, at most {@link #MAX_NAME} characters once stripped.
   *
   * @return the name, stripped
   * @throws Failure INVALID_ARGUMENT saying which rule it breaks
   */
  public static String requireName(String what, String name) {
    if (name == null || name.isBlank()) {
      throw Failure.invalid(what + " must not be empty");
    }
    String stripped = name.strip();
    // Characters as a person counts them: code points, so an emoji is one, not two UTF-16 units.
    int length = stripped.codePointCount(0, stripped.length());
    if (length > MAX_NAME) {
      throw Failure.invalid(what + " is " + length + " characters long; the limit is " + MAX_NAME);
    }
    requireSingleLine(what, stripped);
    return stripped;
  }

  /**
   * Checks text printed on one line of an invoice, its PDF and CSV, a table or a log line (a name,
   * a price book's description): no character {@link #isLineBreakOrControl} names.
   *
   * @throws Failure INVALID_ARGUMENT saying {@code what} holds such a character
   */
  public static void requireSingleLine(String what, String text) {
    if (text.codePoints().anyMatch(IdRules::isLineBreakOrControl)) {
      throw Failure.invalid(
          what + " must not contain control characters such as line breaks or tabs");
    }
  }

  public static boolean isValid(String id) {
    return id != null && isSafe(id);
  }

  /**
   * {@code [A-Za-z0-9][A-Za-z0-9._:~-]{0,127}}, checked without the regex engine: it is on the
   * ingestion path, four times per event.
   */
  private static boolean isSafe(String id) {
    int n = id.length();
    if (n == 0 || n > 128) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      boolean alphanumeric =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alphanumeric && (i == 0 || (c != '.' && c != '_' && c != ':' && c != '~' && c != '-'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a code point is a control character (tabs and line feeds included), one of Unicode's
   * own line breaks (U+2028, U+2029), or half of a surrogate pair on its own (no character at all),
   * which names and single-line fields refuse: a name is printed on one line of an invoice, a table
   * and a log line.
   */
  static boolean isLineBreakOrControl(int codePoint) {
    int type = Character.getType(codePoint);
    return type == Character.CONTROL
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.SURROGATE;
  }
}

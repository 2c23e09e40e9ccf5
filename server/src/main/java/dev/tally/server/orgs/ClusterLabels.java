package dev.tally.server.orgs;

import dev.tally.model.CallerText;
import dev.tally.server.errors.Failure;
import java.util.Map;

/**
 * The rules a cluster's labels follow, CockroachDB Cloud's own ("Organize CockroachDB Cloud
 * Resources Using Labels", Requirements for labels): at most {@link #MAX_LABELS} labels; a key
 * starts with a lowercase letter and holds lowercase letters, digits, {@code _} and {@code -}, 1 to
 * {@link #MAX_LENGTH} characters; a value holds lowercase letters, digits and {@code -}, 0 to
 * {@link #MAX_LENGTH} characters. Labels are printed on invoices, their PDF and CSV, and in tables,
 * so a label that would not be accepted by CockroachDB Cloud is not accepted here either.
 */
public final class ClusterLabels {

  /** The most labels a cluster may have. */
  public static final int MAX_LABELS = 50;

  /** The longest key or value, in characters. */
  public static final int MAX_LENGTH = 63;

  private ClusterLabels() {}

  /**
   * Checks a cluster's labels.
   *
   * @param labels key to value; null is read as none
   * @throws Failure INVALID_ARGUMENT naming the first label that breaks a rule, and the rule
   */
  public static void requireValid(Map<String, String> labels) {
    if (labels == null) {
      return;
    }
    if (labels.size() > MAX_LABELS) {
      throw Failure.invalid(
          "a cluster may have at most " + MAX_LABELS + " labels; this one has " + labels.size());
    }
    for (Map.Entry<String, String> label : labels.entrySet()) {
      String key = label.getKey();
      requireLength("label key '" + CallerText.quote(key == null ? "" : key) + "'", key);
      requireLength(
          "the value of label '" + CallerText.quote(key == null ? "" : key) + "'",
          label.getValue());
      if (!isKey(key)) {
        throw Failure.invalid(
            "label key '"
                + CallerText.quote(key == null ? "" : key)
                + "' must start with a lowercase letter and hold only lowercase letters, digits,"
                + " '_' and '-'");
      }
      if (!isValue(label.getValue())) {
        throw Failure.invalid(
            "the value of label '"
                + key
                + "' must hold only lowercase letters, digits and '-'; got '"
                + CallerText.quote(label.getValue() == null ? "null" : label.getValue())
                + "'");
      }
    }
  }

  private static void requireLength(String what, String text) {
    if (text != null && text.length() > MAX_LENGTH) {
      throw Failure.invalid(
          what
              + " is "
              + text.codePointCount(0, text.length())
              + " characters long; the limit is "
              + MAX_LENGTH);
    }
  }

  private static boolean isKey(String key) {
    if (key == null || key.isEmpty() || key.length() > MAX_LENGTH || !isLower(key.charAt(0))) {
      return false;
    }
    return key.chars().allMatch(c -> isLower(c) || isDigit(c) || c == '_' || c == '-');
  }

  private static boolean isValue(String value) {
    if (value == null || value.length() > MAX_LENGTH) {
      return false;
    }
    return value.chars().allMatch(c -> isLower(c) || isDigit(c) || c == '-');
  }

  private static boolean isLower(int c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }
}

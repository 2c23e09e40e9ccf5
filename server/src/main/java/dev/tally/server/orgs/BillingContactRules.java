package dev.tally.server.orgs;

import dev.tally.model.extensions.BillingContact;
import dev.tally.server.errors.Failure;
import java.util.regex.Pattern;

/**
 * What an organization's billing contact may hold (the operator sets it with {@code tally orgs
 * update}; the invoice PDF prints it). Lengths are counted in code points, as a person counts.
 *
 * <ul>
 *   <li>name: at most {@value #MAX_NAME} characters, one line, no control characters (nor U+2028 or
 *       U+2029, Unicode's own line breaks: {@link IdRules#isLineBreakOrControl});
 *   <li>address: at most {@value #MAX_ADDRESS} characters and {@value #MAX_ADDRESS_LINES} lines
 *       (separated by {@code \n}; {@code \r\n} is read as {@code \n}), no other control characters
 *       or line breaks, no blank line in the middle;
 *   <li>email: at most {@value #MAX_EMAIL} characters, {@code local@domain} with a dot in the
 *       domain, no spaces or control characters.
 * </ul>
 *
 * Each field is stripped; an empty string clears it.
 */
public final class BillingContactRules {

  public static final int MAX_NAME = 200;
  public static final int MAX_ADDRESS = 1000;
  public static final int MAX_ADDRESS_LINES = 8;
  public static final int MAX_EMAIL = 320;

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

  private BillingContactRules() {}

  /**
   * The contact, each field checked and stripped ({@code null} or empty leaves it unset).
   *
   * @throws Failure INVALID_ARGUMENT naming the field and the rule it breaks
   */
  public static BillingContact require(String name, String address, String email) {
    return new BillingContact(name(name), address(address), email(email));
  }

  private static String name(String name) {
    String value = blankToNull(name);
    if (value == null) {
      return null;
    }
    requireLength("billing name", value, MAX_NAME);
    if (value.codePoints().anyMatch(IdRules::isLineBreakOrControl)) {
      throw Failure.invalid(
          "billing name must not contain control characters such as line breaks or tabs");
    }
    return value;
  }

  private static String address(String address) {
    String value = blankToNull(address == null ? null : address.replace("\r\n", "\n"));
    if (value == null) {
      return null;
    }
    requireLength("billing address", value, MAX_ADDRESS);
    if (value.codePoints().anyMatch(c -> c != '\n' && IdRules.isLineBreakOrControl(c))) {
      throw Failure.invalid(
          "billing address must not contain control characters other than line feeds");
    }
    String[] lines = value.split("\n", -1);
    if (lines.length > MAX_ADDRESS_LINES) {
      throw Failure.invalid(
          "billing address has " + lines.length + " lines; the limit is " + MAX_ADDRESS_LINES);
    }
    StringBuilder stripped = new StringBuilder();
    for (String line : lines) {
      if (line.isBlank()) {
        throw Failure.invalid("billing address must not contain blank lines");
      }
      stripped.append(stripped.isEmpty() ? "" : "\n").append(line.strip());
    }
    return stripped.toString();
  }

  private static String email(String email) {
    String value = blankToNull(email);
    if (value == null) {
      return null;
    }
    requireLength("billing email", value, MAX_EMAIL);
    if (value.codePoints().anyMatch(IdRules::isLineBreakOrControl)
        || !EMAIL.matcher(value).matches()) {
      throw Failure.invalid(
          "billing email must look like name@example.com (one @, a dot in the domain, no spaces)");
    }
    return value;
  }

  private static void requireLength(String what, String value, int max) {
    int length = value.codePointCount(0, value.length());
    if (length > max) {
      throw Failure.invalid(what + " is " + length + " characters long; the limit is " + max);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}

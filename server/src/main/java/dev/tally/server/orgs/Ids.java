package dev.tally.server.orgs;

import dev.tally.server.Failure;
import java.util.UUID;
import java.util.regex.Pattern;

/** Identifier rules shared by every record that a caller can name. */
public final class Ids {

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:~-]{0,127}");

  private Ids() {}

  /** A fresh random id, in the UUID form the reference API uses. */
  public static String random() {
    return UUID.randomUUID().toString();
  }

  /**
   * Checks an id that a caller supplied: 1 to 128 characters, letters, digits and {@code . _ : ~ -},
   * not starting with punctuation (so never {@code ..}).
   */
  public static String requireValid(String what, String id) {
    if (id == null || id.isEmpty()) {
      throw Failure.invalid(what + " must not be empty");
    }
    if (id.length() > 128) {
      throw Failure.invalid(what + " is " + id.length() + " characters long; the limit is 128");
    }
    if (!SAFE.matcher(id).matches()) {
      throw Failure.invalid(what + " may only contain letters, digits and . _ : ~ - and must start with a letter or digit");
    }
    return id;
  }

  public static boolean isValid(String id) {
    return id != null && SAFE.matcher(id).matches();
  }
}

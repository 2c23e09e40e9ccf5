package dev.tally.cli;

/** Exit codes, one per class of failure, so scripts can tell them apart. */
public final class ExitCode {

  public static final int OK = 0;
  public static final int FAILURE = 1;

  /** Bad arguments or input (picocli also uses 2 for usage errors). */
  public static final int INVALID_INPUT = 2;

  public static final int NOT_FOUND = 3;
  public static final int AUTH = 4;
  public static final int SERVER_OR_NETWORK = 5;
  public static final int CONFLICT = 6;

  /** {@code tally invoices verify} found an invoice that does not verify. */
  public static final int NOT_VERIFIED = 7;

  private ExitCode() {}
}

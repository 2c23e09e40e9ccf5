package dev.tally.engine;

/**
 * A {@link RatingInput} that cannot be rated: usage of a cluster that has no snapshot, usage
 * outside the period, usage of a SKU that has no price that day, a credit grant listed twice. The
 * message names the offending row. Nothing is partially rated.
 */
public final class RatingException extends IllegalArgumentException {

  public RatingException(String message) {
    super(message);
  }
}

package dev.tally.cli;

import java.io.OutputStream;
import java.util.Objects;

/**
 * Where a command writes bytes that are not text (an invoice PDF): the process's standard output,
 * unwrapped, or a test's buffer.
 *
 * @param stream written as is, never through a character encoding
 * @param isTerminal whether a person's terminal shows it; binary output is then refused
 */
record BinaryOutput(OutputStream stream, boolean isTerminal) {

  BinaryOutput {
    Objects.requireNonNull(stream, "stream");
  }
}

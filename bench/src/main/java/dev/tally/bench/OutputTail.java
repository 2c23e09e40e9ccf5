package dev.tally.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Drains a child process's output on a thread of its own, keeping only its beginning and its end: a
 * server under load logs a line per request, far more than is worth keeping, but its first and last
 * lines say why it failed to start or stopped. Reads in large blocks, so draining costs little CPU
 * beside the process measured.
 */
final class OutputTail {

  private static final int KEEP = 16 * 1024;

  private final byte[] head = new byte[KEEP];
  private final byte[] tail = new byte[KEEP];
  private int headLength;
  private long total;
  private final Thread thread;

  private OutputTail(InputStream in, String name) {
    thread = Thread.ofPlatform().daemon().name(name).start(() -> drain(in));
  }

  static OutputTail of(InputStream in, String name) {
    return new OutputTail(in, name);
  }

  private void drain(InputStream in) {
    byte[] buffer = new byte[64 * 1024];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        keep(buffer, n);
      }
    } catch (IOException e) {
      // the process ended; what was read is kept
    }
  }

  private synchronized void keep(byte[] buffer, int n) {
    int toHead = Math.min(n, KEEP - headLength);
    System.arraycopy(buffer, 0, head, headLength, toHead);
    headLength += toHead;
    for (int i = Math.max(0, n - KEEP); i < n; ) {
      int at = (int) ((total + i) % KEEP);
      int length = Math.min(n - i, KEEP - at);
      System.arraycopy(buffer, i, tail, at, length);
      i += length;
    }
    total += n;
  }

  /** The output's first and last 16 KB (all of it when shorter), after it ended or up to now. */
  synchronized String text() {
    String first = new String(head, 0, headLength, StandardCharsets.UTF_8);
    if (total <= KEEP) {
      return first;
    }
    byte[] last = new byte[KEEP];
    int start = (int) (total % KEEP);
    System.arraycopy(tail, start, last, 0, KEEP - start);
    System.arraycopy(tail, 0, last, KEEP - start, start);
    long skipped = Math.max(0, total - 2L * KEEP);
    return first
        + (skipped > 0 ? "\n... " + skipped + " bytes left out ...\n" : "")
        + new String(
            total < 2L * KEEP ? Arrays.copyOfRange(last, (int) (2L * KEEP - total), KEEP) : last,
            StandardCharsets.UTF_8);
  }

  void join(long millis) throws InterruptedException {
    thread.join(millis);
  }
}

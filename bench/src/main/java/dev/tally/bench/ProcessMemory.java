package dev.tally.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's memory as Linux reports it in {@code /proc/PID/status}: the resident set now ({@code
 * VmRSS}) and its peak since the process started ({@code VmHWM}, the "high water mark").
 *
 * @param rssBytes resident set size now, in bytes; -1 when unknown (not Linux, process gone)
 * @param peakRssBytes the highest resident set size so far, in bytes; -1 when unknown
 */
record ProcessMemory(long rssBytes, long peakRssBytes) {

  static ProcessMemory of(long pid) {
    try {
      long rss = -1;
      long peak = -1;
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = kilobytes(line);
        } else if (line.startsWith("VmHWM:")) {
          peak = kilobytes(line);
        }
      }
      return new ProcessMemory(rss, peak);
    } catch (IOException | RuntimeException e) {
      return new ProcessMemory(-1, -1);
    }
  }

  /** "VmRSS: 123456 kB" to bytes. */
  private static long kilobytes(String line) {
    String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
    return Long.parseLong(parts[0]) * 1024;
  }

  static String megabytes(long bytes) {
    return bytes < 0 ? "n/a" : String.format(java.util.Locale.ROOT, "%.0f MB", bytes / 1e6);
  }
}

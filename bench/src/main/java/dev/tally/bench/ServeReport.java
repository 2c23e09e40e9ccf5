package dev.tally.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The serve benchmark's printout: the documents served, a Markdown table with one row per case and
 * number of connections (Tally and nginx side by side, and their ratio), Tally's memory and start,
 * and where each of issue 11's targets stands.
 */
final class ServeReport {

  static final double RSS_TARGET_BYTES = 300e6;
  static final long START_TARGET_MILLIS = 1_000;

  private ServeReport() {}

  /** One line per document: sizes, Tally's encoding for gzip, tags and conditional answers. */
  static List<String> documents(
      Map<ServeDocument, ServeAnswers.Answer> answers,
      Map<ServeDocument, ServeAnswers.NginxTag> nginxTags) {
    List<String> lines = new ArrayList<>();
    for (Map.Entry<ServeDocument, ServeAnswers.Answer> e : answers.entrySet()) {
      ServeAnswers.Answer a = e.getValue();
      ServeAnswers.NginxTag n = nginxTags.get(e.getKey());
      lines.add(
          String.format(
              Locale.ROOT,
              "%s: %,d bytes; with Accept-Encoding: gzip Tally sends %,d bytes (%s), nginx's .gz has"
                  + " %,d; If-None-Match answered %s by Tally, %s by nginx",
              e.getKey().path(),
              a.body().length,
              a.gzipBytes(),
              a.gzipEncoding(),
              gzipSize(a.body()),
              a.etag() == null ? "n/a (no ETag)" : Integer.toString(a.conditionalStatus()),
              n == null || n.etag() == null ? "n/a" : Integer.toString(n.conditionalStatus())));
    }
    return lines;
  }

  private static int gzipSize(byte[] body) {
    try {
      return ServeAnswers.gzip(body).length;
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  /** The table, in Markdown. */
  static List<String> table(
      List<ServeMeasurement> measurements, Map<ServeDocument, ServeAnswers.Answer> answers) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "| case | size | gzip | conns | Tally req/s | p50 ms | p99 ms | errors | CPU ms/req"
            + " | nginx req/s | p50 ms | p99 ms | errors | Tally/nginx | nginx gzip on the fly req/s"
            + " | Tally/on the fly |");
    lines.add("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (ServeMeasurement m : measurements) {
      ServeCase c = m.serveCase();
      ServeAnswers.Answer a = answers.get(c.document());
      String gzip = c.conditional() ? "304" : c.gzip() ? "yes" : "no";
      lines.add(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |",
              c.title(),
              a == null ? "" : kilobytes(a.body().length),
              gzip,
              m.connections(),
              m.tally() == null ? "–" : rate(m.tally().requestsPerSecond()),
              m.tally() == null ? "–" : millis(m.tally().p50Millis()),
              m.tally() == null ? "–" : millis(m.tally().p99Millis()),
              m.tally() == null ? "–" : String.format(Locale.ROOT, "%,d", m.tally().errors()),
              m.tally() == null ? "–" : cpu(m.tallyCpuMillis()),
              rate(m.nginx().requestsPerSecond()),
              millis(m.nginx().p50Millis()),
              millis(m.nginx().p99Millis()),
              String.format(Locale.ROOT, "%,d", m.nginx().errors()),
              ratio(m.ratio()),
              m.nginxOnTheFly() == null ? "–" : rate(m.nginxOnTheFly().requestsPerSecond()),
              m.nginxOnTheFly() == null ? "–" : ratio(m.ratioToOnTheFly())));
    }
    return lines;
  }

  /**
   * Issue 11's targets, each with where it stands, at the most connections measured (the issue sets
   * them at 64).
   */
  static List<String> targets(
      List<ServeMeasurement> measurements, long startMillis, long peakRssBytes, boolean embedded) {
    int most = measurements.stream().mapToInt(ServeMeasurement::connections).max().orElse(0);
    List<String> lines = new ArrayList<>();
    for (ServeMeasurement m : measurements) {
      if (m.connections() != most || m.tally() == null || m.serveCase().conditional()) {
        continue;
      }
      String name = m.serveCase().name();
      String at =
          m.serveCase().title()
              + (m.serveCase().gzip() ? ", gzip" : "")
              + ", "
              + most
              + " connections: ";
      if (name.startsWith("invoice-") && !m.serveCase().gzip()) {
        lines.add(at + versus(m.ratio(), 0.5, "nginx static"));
        lines.add(
            at
                + String.format(
                    Locale.ROOT,
                    "p99 %s ms, target <= 5 ms: %s",
                    millis(m.tally().p99Millis()),
                    m.tally().p99Millis() <= 5 ? "met" : "MISSED"));
      } else if (name.startsWith("list-") && !m.serveCase().gzip()) {
        lines.add(at + versus(m.ratio(), 0.5, "nginx static"));
      } else if (name.startsWith("list-")) {
        lines.add(at + versus(m.ratio(), 0.5, "nginx gzip_static"));
        lines.add(at + versus(m.ratioToOnTheFly(), 5, "nginx gzip on the fly"));
      } else if (name.equals("draft")) {
        lines.add(at + versus(m.ratio(), 0.25, "nginx static"));
      }
    }
    lines.add(
        String.format(
            Locale.ROOT,
            "peak RSS under load %s, target <= 300 MB: %s",
            ProcessMemory.megabytes(peakRssBytes),
            peakRssBytes < 0 ? "n/a" : peakRssBytes <= RSS_TARGET_BYTES ? "met" : "MISSED"));
    lines.add(
        String.format(
            Locale.ROOT,
            "start to first answer %,d ms, target <= 1 s on the embedded database: %s",
            startMillis,
            !embedded
                ? "n/a (the target is the embedded database's)"
                : startMillis <= START_TARGET_MILLIS ? "met" : "MISSED"));
    return lines;
  }

  private static String versus(double ratio, double target, String peer) {
    return String.format(
        Locale.ROOT,
        "%s x %s, target >= %s x: %s",
        ratio(ratio),
        peer,
        target,
        Double.isNaN(ratio) ? "n/a" : ratio >= target ? "met" : "MISSED");
  }

  static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%,.0f", perSecond);
  }

  static String millis(double millis) {
    if (Double.isNaN(millis)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, millis < 10 ? "%.2f" : "%.0f", millis);
  }

  static String cpu(double millis) {
    return Double.isNaN(millis) ? "n/a" : String.format(Locale.ROOT, "%.3f", millis);
  }

  static String ratio(double ratio) {
    return Double.isNaN(ratio)
        ? "–"
        : String.format(Locale.ROOT, ratio < 0.1 ? "%.3f" : "%.2f", ratio);
  }

  static String kilobytes(int bytes) {
    return bytes >= 1_000_000
        ? String.format(Locale.ROOT, "%.2f MB", bytes / 1e6)
        : String.format(Locale.ROOT, "%.1f KB", bytes / 1e3);
  }
}

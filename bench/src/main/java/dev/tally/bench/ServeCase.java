package dev.tally.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One request the serve benchmark sends to Tally and to nginx alike: the same path and headers
 * (nginx ignores the key), with or without {@code Accept-Encoding: gzip}, or conditional ({@code
 * If-None-Match} with the tag each side gave, answered 304).
 *
 * @param name short name, e.g. {@code invoice-large}
 * @param title what a reader sees, e.g. "one finalized invoice, 20 clusters"
 * @param document the answer it reads (site and path)
 * @param gzip whether the request accepts gzip
 * @param conditional whether it carries If-None-Match
 */
record ServeCase(
    String name, String title, ServeDocument document, boolean gzip, boolean conditional) {

  /**
   * The cases, in the order they are printed: each finalized invoice, each list and the running
   * draft, without and with gzip; then the conditional GET of the large invoice.
   */
  static List<ServeCase> all(ServeDataset.Loaded data) {
    ServeDataset.Reader large = data.large();
    ServeDataset.Reader small = data.small();
    List<ServeCase> cases = new ArrayList<>();
    List<String[]> reads =
        List.of(
            new String[] {"invoice-small", "finalized invoice, " + small.clusters() + " clusters"},
            new String[] {"invoice-large", "finalized invoice, " + large.clusters() + " clusters"},
            new String[] {"list-small", "list, " + small.clusters() + " clusters"},
            new String[] {"list-large", "list, " + large.clusters() + " clusters"},
            new String[] {"draft", "running draft by id, " + large.clusters() + " clusters"});
    for (String[] read : reads) {
      ServeDocument document = ServeDocument.of(read[0], data);
      cases.add(new ServeCase(read[0], read[1], document, false, false));
      cases.add(new ServeCase(read[0] + "-gzip", read[1], document, true, false));
    }
    cases.add(
        new ServeCase(
            "invoice-large-304",
            "finalized invoice, " + large.clusters() + " clusters, If-None-Match",
            ServeDocument.of("invoice-large", data),
            false,
            true));
    return cases;
  }
}

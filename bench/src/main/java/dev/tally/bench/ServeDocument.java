package dev.tally.bench;

import java.nio.file.Path;

/**
 * An answer of Tally's that nginx serves as a file: which site (variant) it belongs to, its path on
 * both servers, and the key that reads it from Tally.
 *
 * @param site "large" or "small": the nginx site, one per variant, since both variants' lists have
 *     the same path
 * @param path the request path, e.g. {@code /api/v1/invoices/inv_serve-large-00000_2026-11}
 * @param apiKey a key of the organization that may read it
 */
record ServeDocument(String site, String path, String apiKey) {

  static final String LIST_PATH = "/api/v1/invoices";

  /** The document a read case reads: invoice-small|large, list-small|large or draft. */
  static ServeDocument of(String read, ServeDataset.Loaded data) {
    return switch (read) {
      case "invoice-small" -> invoice(data.small(), data.small().finalizedInvoiceId());
      case "invoice-large" -> invoice(data.large(), data.large().finalizedInvoiceId());
      case "list-small" -> new ServeDocument("small", LIST_PATH, data.small().apiKey());
      case "list-large" -> new ServeDocument("large", LIST_PATH, data.large().apiKey());
      case "draft" -> invoice(data.large(), data.large().draftInvoiceId());
      default -> throw new IllegalArgumentException(read);
    };
  }

  private static ServeDocument invoice(ServeDataset.Reader reader, String id) {
    return new ServeDocument(reader.variant(), LIST_PATH + "/" + id, reader.apiKey());
  }

  /** Where nginx finds it under its site's root: the list as list.json, an invoice by its id. */
  Path file(Path siteRoot) {
    return path.equals(LIST_PATH)
        ? siteRoot.resolve("list.json")
        : siteRoot.resolve(path.substring(1));
  }
}

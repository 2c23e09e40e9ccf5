package dev.tally.server.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;

/**
 * The serialized bodies of FINALIZED invoices, with their gzip segments, by organization and
 * invoice id, so that a hot read of one, or of a list made of them, costs no database round trip
 * for the body, no JSON mapping and no compression. A finalized invoice never changes ({@code
 * InvoiceDocuments#save} refuses any change), so an entry is never stale; drafts and imported
 * drafts are never kept. Bounded by the bytes it holds (Caffeine's size-based eviction chooses what
 * goes).
 */
final class FinalizedBodies {

  /**
   * The default bound: 64 MiB of JSON and its gzip segments, about 1,500 invoices of 37 KB or 8,000
   * of 6 KB.
   */
  static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

  private record Key(String organizationId, String invoiceId) {}

  private final Cache<Key, JsonBody> bodies;

  FinalizedBodies(long maxBytes) {
    this.bodies =
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .<Key, JsonBody>weigher(
                (key, body) -> body.json().length + body.segment().deflated().length + 64)
            .build();
  }

  Optional<JsonBody> find(String organizationId, String invoiceId) {
    return Optional.ofNullable(bodies.getIfPresent(new Key(organizationId, invoiceId)));
  }

  /** Keeps the body, compressing it first, so that no reader of the cache ever compresses it. */
  void keep(String organizationId, String invoiceId, JsonBody body) {
    body.segment();
    bodies.put(new Key(organizationId, invoiceId), body);
  }
}

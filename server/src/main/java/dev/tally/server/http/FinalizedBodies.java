package dev.tally.server.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;

/**
 * The serialized bodies of FINALIZED invoices, by organization and invoice id, so that a hot read
 * of one costs no database round trip and no JSON mapping. A finalized invoice never changes
 * ({@code InvoiceDocuments#save} refuses any change), so an entry is never stale; drafts and
 * imported drafts are never kept. Bounded by the bytes it holds; the least recently used go first.
 */
final class FinalizedBodies {

  /** The default bound: 64 MiB of JSON, about 1,700 invoices of 37 KB or 10,000 of 6 KB. */
  static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

  private record Key(String organizationId, String invoiceId) {}

  private final Cache<Key, Representation> bodies;

  FinalizedBodies(long maxBytes) {
    this.bodies =
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .<Key, Representation>weigher((key, body) -> body.json().length + 64)
            .build();
  }

  Optional<Representation> find(String organizationId, String invoiceId) {
    return Optional.ofNullable(bodies.getIfPresent(new Key(organizationId, invoiceId)));
  }

  void keep(String organizationId, String invoiceId, Representation body) {
    bodies.put(new Key(organizationId, invoiceId), body);
  }
}

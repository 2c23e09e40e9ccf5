package dev.tally.server.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tally.server.invoices.DraftVersion;
import java.util.Optional;

/**
 * The serialized bodies of live DRAFT invoices, each kept with the {@link DraftVersion} it was
 * rated at, so that reading a draft again costs two small statements (the version) instead of a
 * rating. A body is served only at the version it was rated at: accepted usage, an adjustment, a
 * credit grant, a cluster change, a close or an import through any instance advances the
 * organization's revision, a price book load the book's, and the next read rates anew. Bounded by
 * bytes; one entry per invoice (a newer version replaces the older).
 */
final class DraftBodies {

  /** The default bound: 16 MiB of JSON and gzip segments. */
  static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;

  private record Key(String organizationId, String invoiceId) {}

  private record Entry(DraftVersion version, JsonBody body) {}

  private final Cache<Key, Entry> bodies;

  DraftBodies(long maxBytes) {
    this.bodies =
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .<Key, Entry>weigher(
                (key, entry) ->
                    entry.body().json().length + entry.body().segment().deflated().length + 128)
            .build();
  }

  /** The draft's body if it was rated at exactly {@code version}. */
  Optional<JsonBody> find(String organizationId, String invoiceId, DraftVersion version) {
    Entry entry = bodies.getIfPresent(new Key(organizationId, invoiceId));
    return entry != null && entry.version().equals(version)
        ? Optional.of(entry.body())
        : Optional.empty();
  }

  /** Keeps the body rated at {@code version}, compressing it first. */
  void keep(String organizationId, String invoiceId, DraftVersion version, JsonBody body) {
    body.segment();
    bodies.put(new Key(organizationId, invoiceId), new Entry(version, body));
  }
}

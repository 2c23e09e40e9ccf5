package dev.tally.server.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tally.server.invoices.DraftVersion;
import java.util.Optional;

/**
 * The serialized bodies of live DRAFT invoices, each kept with the {@link DraftVersion} it was
 * rated at, so that reading a draft again costs one small statement (the version, outside a
 * transaction) instead of a rating. A body is served only at the version it was rated at: accepted
 * usage, an adjustment, a credit grant, a cluster change, a close, an import or a price book load
 * through any instance advances the organization's revision, and the next read rates anew. Bounded
 * by bytes; one entry per invoice (a newer version replaces the older).
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

  /** Whether the draft is kept at any version: only then is its version worth reading apart. */
  boolean holdsAny(String organizationId, String invoiceId) {
    return bodies.getIfPresent(new Key(organizationId, invoiceId)) != null;
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

package dev.tally.server.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tally.model.InvoiceStatus;
import dev.tally.server.invoices.DraftVersion;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Composed answers of {@code GET /api/v1/invoices}, each kept with the {@link DraftVersion} it was
 * read at and the parameters it was asked with, so that listing again costs the one small statement
 * that reads the version, outside a transaction, instead of the list's, and no composing. A list is
 * a function of its version and parameters ({@code LiveInvoices#listing}): a close, an import, or
 * any change a draft is rated from, through any instance, advances the version, and the next read
 * lists anew.
 *
 * <p>A list found here a first time is compressed as one gzip member ({@link
 * JsonListBody#compacted}), by one request while the others send its joined segments, so that only
 * lists read more than once cost a compression. Bounded by bytes: an entry is weighed by all the
 * JSON it holds (its finalized bodies may be shared with {@link FinalizedBodies}, a compacted list
 * holds them joined) and its gzip member.
 */
final class ListBodies {

  /** The default bound: 16 MiB, about 80 lists of 36 invoices of 6 KB. */
  static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;

  /**
   * A list's parameters, as the request gave them.
   *
   * @param start {@code start_time}, if given
   * @param end {@code end_time}, if given
   * @param status {@code status}, if given
   */
  record Key(
      String organizationId,
      Optional<Instant> start,
      Optional<Instant> end,
      Optional<InvoiceStatus> status) {}

  private record Entry(DraftVersion version, JsonListBody body, AtomicBoolean compacting) {}

  private final Cache<Key, Entry> lists;

  ListBodies(long maxBytes) {
    this.lists =
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .<Key, Entry>weigher(
                (key, entry) ->
                    (int)
                        Math.min(
                            Integer.MAX_VALUE,
                            entry.body().identityLength()
                                + (entry.body().isCompacted() ? entry.body().gzipLength() : 0)
                                + 512))
            .build();
  }

  /** Whether the list is kept at any version: only then is its version worth reading apart. */
  boolean holdsAny(Key key) {
    return lists.getIfPresent(key) != null;
  }

  /** The list if it was read at exactly {@code version}. */
  Optional<JsonListBody> find(Key key, DraftVersion version) {
    Entry entry = lists.getIfPresent(key);
    return entry != null && entry.version().equals(version)
        ? Optional.of(entry.body())
        : Optional.empty();
  }

  /** Keeps the list read at {@code version}, in place of any other version of it. */
  void keep(Key key, DraftVersion version, JsonListBody body) {
    lists.put(key, new Entry(version, body, new AtomicBoolean()));
  }

  /**
   * The list to send for one found at {@code version}: compacted, if this is the first request to
   * find it so (which compresses it, and keeps the result unless the entry changed meanwhile), or
   * if another has done so; as found otherwise, while another compresses it.
   */
  JsonListBody served(Key key, DraftVersion version, JsonListBody found) {
    if (found.isCompacted()) {
      return found;
    }
    Entry entry = lists.getIfPresent(key);
    if (entry == null || !entry.version().equals(version)) {
      return found; // replaced meanwhile: this one is still the list at its version
    }
    if (entry.body() != found) {
      return entry.body(); // the same list, kept again or compacted by another request
    }
    if (!entry.compacting().compareAndSet(false, true)) {
      return found;
    }
    JsonListBody compacted = found.compacted();
    lists.asMap().replace(key, entry, new Entry(version, compacted, entry.compacting()));
    return compacted;
  }
}

package dev.tally.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.CallerText;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceStatus;
import dev.tally.server.auth.Permission;
import dev.tally.server.errors.Failure;
import dev.tally.server.invoices.DraftVersion;
import dev.tally.server.invoices.InvoiceListing;
import dev.tally.server.invoices.LiveInvoices;
import dev.tally.server.orgs.IdRules;
import dev.tally.server.store.SharedReads;
import dev.tally.server.store.Transactor;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.Header;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Billing API: {@code GET /api/v1/invoices} and {@code GET /api/v1/invoices/{invoice_id}}, for
 * service accounts holding a role that may read invoices (the reference contract's rule). {@code
 * HEAD} on either answers exactly as {@code GET} would, without the body.
 */
public final class InvoiceRoutes implements ApiServer.Routes {

  private final LiveInvoices invoices;
  private final ObjectMapper json;
  private final Clock clock;
  private final FinalizedBodies finalized = new FinalizedBodies(FinalizedBodies.DEFAULT_MAX_BYTES);
  private final DraftBodies drafts = new DraftBodies(DraftBodies.DEFAULT_MAX_BYTES);
  private final ListBodies lists = new ListBodies(ListBodies.DEFAULT_MAX_BYTES);

  /**
   * Reads of an invoice, or of a list, that no cache holds at the current version, shared by the
   * requests that ask for the same one at the same time: a burst of them after a start, a close or
   * a usage batch costs one read and one serialization, not one each (a fresh instance's pool ran
   * dry under 64 connections asking for one invoice). Each request is still answered by a read that
   * began after it arrived ({@link SharedReads}), at the time the read began.
   */
  private final SharedReads<InvoiceKey, Optional<JsonBody>> invoiceReads;

  private final SharedReads<ListBodies.Key, Representation> listReads;

  private record InvoiceKey(String organizationId, String invoiceId) {}

  /**
   * @param tx the transactor {@code invoices} reads through, which makes the shared reads ({@link
   *     Transactor#sharedReads}: a request waits for the read it joined as long as that read takes)
   */
  public InvoiceRoutes(LiveInvoices invoices, Transactor tx, ObjectMapper json, Clock clock) {
    this.invoices = invoices;
    this.json = json;
    this.clock = clock;
    this.invoiceReads = tx.sharedReads();
    this.listReads = tx.sharedReads();
  }

  /**
   * The answer the caches hold for a plain read, which {@link HotInvoiceReads} sends ahead of the
   * router: a FINALIZED invoice's body, with no database read; a live draft's, or the list without
   * parameters, only at the current version (one statement, {@link LiveInvoices#currentVersion}).
   *
   * @param invoiceId the invoice asked for; empty for the list without parameters
   * @param versionRead told when the version was read, so that the router need not read it again
   * @return empty when the router is to answer: nothing kept, or kept at another version
   * @throws dev.tally.server.store.StoreException when the version cannot be read
   */
  Optional<Representation> cachedRead(
      String organizationId, Optional<String> invoiceId, Runnable versionRead) {
    if (invoiceId.isEmpty()) {
      ListBodies.Key key =
          new ListBodies.Key(organizationId, Optional.empty(), Optional.empty(), Optional.empty());
      if (!lists.holdsAny(key)) {
        return Optional.empty();
      }
      Optional<DraftVersion> version = invoices.currentVersion(organizationId, clock.instant());
      versionRead.run();
      return version.flatMap(v -> lists.find(key, v).map(found -> lists.served(key, v, found)));
    }
    String id = invoiceId.get();
    Optional<JsonBody> body = finalized.find(organizationId, id);
    if (body.isPresent() || !drafts.holdsAny(organizationId, id)) {
      return body.map(Representation.class::cast);
    }
    Optional<DraftVersion> version = invoices.currentVersion(organizationId, clock.instant());
    versionRead.run();
    return version.flatMap(v -> drafts.find(organizationId, id, v));
  }

  /**
   * Whether {@link HotInvoiceReads} read this request's version a moment ago and found the cached
   * body older: then a second look is not worth a statement.
   */
  private static boolean versionJustRead(Context ctx) {
    return ctx.attribute(HotInvoiceReads.VERSION_READ) != null;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    Access.Requires read = Access.requires(Permission.READ_INVOICES);
    getAndHead(routes, "/api/v1/invoices", this::list, read);
    getAndHead(routes, "/api/v1/invoices/", this::emptyId);
    getAndHead(routes, "/api/v1/invoices/{invoice_id}", this::get, read);
  }

  private void list(Context ctx) throws Exception {
    QueryParams query = QueryParams.parse(ctx.queryString());
    Optional<InvoiceStatus> status = query.get("status").map(InvoiceRoutes::status);
    Optional<Instant> start = query.timestamp("start_time");
    Optional<Instant> end = query.timestamp("end_time");
    String organizationId = Access.principal(ctx).organizationId();
    ListBodies.Key key = new ListBodies.Key(organizationId, start, end, status);
    boolean checkVersion = !versionJustRead(ctx);
    send(ctx, listReads.get(key, () -> heldOrRead(key, checkVersion, clock.instant())));
  }

  /** The list held at the current version, or else read now. */
  private Representation heldOrRead(ListBodies.Key key, boolean checkVersion, Instant now) {
    return (checkVersion ? heldList(key, now) : Optional.<Representation>empty())
        .orElseGet(() -> readList(key, now));
  }

  /**
   * The list held at the current version, if any: one statement when some version of it is held,
   * none otherwise. Taken with the version, so that its eviction meanwhile cannot send the request
   * to read it.
   */
  private Optional<Representation> heldList(ListBodies.Key key, Instant now) {
    if (!lists.holdsAny(key)) {
      return Optional.empty();
    }
    DraftVersion version =
        invoices.listVersion(key.organizationId(), key.start(), key.end(), key.status(), now);
    return lists.find(key, version).map(held -> lists.served(key, version, held));
  }

  /** Reads the list and keeps its body when every part of it is at the version read. */
  private JsonListBody readList(ListBodies.Key key, Instant now) {
    String organizationId = key.organizationId();
    LiveInvoices.Listed listed =
        invoices.listing(
            organizationId,
            key.start(),
            key.end(),
            key.status(),
            now,
            (invoiceId, version) -> drafts.find(organizationId, invoiceId, version).isPresent());
    Composed composed = bodies(organizationId, listed.listing());
    JsonListBody body = new JsonListBody(composed.bodies());
    if (composed.allAtVersion()) {
      lists.keep(key, listed.version(), body);
    }
    return body;
  }

  /**
   * A list's bodies, in order.
   *
   * @param allAtVersion false when a draft had to be rated again, since evicted after the listing
   *     named it, and so may be of a newer version than the listing's
   */
  private record Composed(List<JsonBody> bodies, boolean allAtVersion) {}

  /**
   * The bodies of the listed invoices, in order: finalized ones from the cache, those it lacks read
   * in one statement and kept, the rest serialized now.
   */
  private Composed bodies(String organizationId, InvoiceListing listing) {
    Map<String, JsonBody> known = new HashMap<>();
    List<String> missing = new ArrayList<>();
    for (InvoiceListing.Entry entry : listing.entries()) {
      if (entry instanceof InvoiceListing.Finalized f) {
        finalized
            .find(organizationId, f.invoiceId())
            .ifPresentOrElse(
                body -> known.put(f.invoiceId(), body), () -> missing.add(f.invoiceId()));
      }
    }
    for (Invoice invoice : invoices.finalized(organizationId, missing)) {
      JsonBody body = JsonBody.of(bytes(invoice));
      finalized.keep(organizationId, invoice.invoiceId(), body);
      known.put(invoice.invoiceId(), body);
    }
    List<JsonBody> bodies = new ArrayList<>(listing.entries().size());
    boolean allAtVersion = true;
    for (InvoiceListing.Entry entry : listing.entries()) {
      switch (entry) {
        case InvoiceListing.Finalized f -> {
          JsonBody body = known.get(f.invoiceId());
          if (body == null) {
            throw new IllegalStateException("finalized invoice " + f.invoiceId() + " vanished");
          }
          bodies.add(body);
        }
        case InvoiceListing.Full full -> {
          JsonBody body = JsonBody.of(bytes(full.invoice()));
          full.draftVersion()
              .ifPresent(
                  version ->
                      drafts.keep(organizationId, full.invoice().invoiceId(), version, body));
          bodies.add(body);
        }
        case InvoiceListing.CachedDraft cached -> {
          Optional<JsonBody> body =
              drafts.find(organizationId, cached.invoiceId(), cached.version());
          if (body.isEmpty()) {
            // Evicted since the listing asked: rated again, as a plain read would.
            allAtVersion = false;
          }
          bodies.add(body.orElseGet(() -> read(organizationId, cached.invoiceId(), false)));
        }
      }
    }
    return new Composed(bodies, allAtVersion);
  }

  private void get(Context ctx) throws Exception {
    String id = ctx.pathParam("invoice_id");
    IdRules.requireValid("invoice_id", id);
    String organizationId = Access.principal(ctx).organizationId();
    Optional<JsonBody> cached = finalized.find(organizationId, id);
    if (cached.isPresent()) {
      send(ctx, cached.get());
      return;
    }
    send(ctx, read(organizationId, id, !versionJustRead(ctx)));
  }

  /**
   * The invoice's body: kept, or read (stored, or rated live) and kept, in a read shared with the
   * requests asking for it at the same time. The read first looks for what an earlier one may have
   * kept meanwhile: a finalized body, or with {@code checkVersion} a draft held at the current
   * version.
   *
   * @throws Failure NOT_FOUND when the organization has no such invoice
   */
  private JsonBody read(String organizationId, String id, boolean checkVersion) {
    return invoiceReads
        .get(
            new InvoiceKey(organizationId, id),
            () -> keptOrRead(organizationId, id, checkVersion, clock.instant()))
        .orElseThrow(() -> notFound(id));
  }

  /** The invoice's body as kept, or else read now; empty when there is no such invoice. */
  private Optional<JsonBody> keptOrRead(
      String organizationId, String id, boolean checkVersion, Instant now) {
    return finalized
        .find(organizationId, id)
        .or(() -> checkVersion ? heldDraft(organizationId, id, now) : Optional.empty())
        .or(
            () ->
                invoices
                    .findVersioned(organizationId, id, now)
                    .map(found -> kept(organizationId, id, found)));
  }

  /**
   * The draft held at the current version, if any: one statement when some version of it is held,
   * none otherwise. The version names every input of the drafts, closes and imports included, so a
   * draft held at it is still a live draft: no stored invoice can have taken its place. Taken with
   * the version, so that its eviction meanwhile cannot send the request to rate it.
   */
  private Optional<JsonBody> heldDraft(String organizationId, String id, Instant now) {
    if (!drafts.holdsAny(organizationId, id)) {
      return Optional.empty();
    }
    return invoices
        .currentVersion(organizationId, now)
        .flatMap(v -> drafts.find(organizationId, id, v));
  }

  /** Another organization's invoice answers exactly like one that does not exist. */
  private static Failure notFound(String id) {
    return Failure.notFound("invoice " + CallerText.quote(id) + " does not exist");
  }

  /**
   * The body of an invoice just read, kept: a finalized one for ever, a draft with the version it
   * was rated at.
   */
  private JsonBody kept(String organizationId, String id, LiveInvoices.Found found) {
    return switch (found) {
      case LiveInvoices.Found.Stored stored -> {
        JsonBody body = JsonBody.of(bytes(stored.invoice()));
        if (stored.invoice().status().is(InvoiceStatus.FINALIZED)) {
          finalized.keep(organizationId, id, body);
        }
        yield body;
      }
      case LiveInvoices.Found.Rated rated -> {
        JsonBody body = JsonBody.of(bytes(rated.invoice()));
        drafts.keep(organizationId, id, rated.version(), body);
        yield body;
      }
    };
  }

  private byte[] bytes(Invoice invoice) {
    try {
      return json.writeValueAsBytes(invoice);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("an invoice could not be written as JSON", e);
    }
  }

  private void emptyId(Context ctx) {
    throw Failure.invalid("invoice_id must not be empty: use GET /api/v1/invoices/{invoice_id}");
  }

  private static InvoiceStatus status(String text) {
    return switch (text) {
      case "FINALIZED" -> InvoiceStatus.FINALIZED;
      case "DRAFT" -> InvoiceStatus.DRAFT;
      default ->
          throw Failure.invalid(
              "status must be FINALIZED or DRAFT, got '" + QueryParams.printable(text) + "'");
    };
  }

  /**
   * Sends the {@link InvoiceAnswer} for the representation. A {@code HEAD} states the length its
   * {@code GET} would send, without assembling the body.
   */
  private static void send(Context ctx, Representation body) throws IOException {
    InvoiceAnswer answer =
        InvoiceAnswer.of(
            body,
            java.util.Collections.list(ctx.req().getHeaders(Header.ACCEPT_ENCODING)),
            java.util.Collections.list(ctx.req().getHeaders(Header.IF_NONE_MATCH)));
    ctx.header(Header.ETAG, answer.etag());
    ctx.header(Header.CACHE_CONTROL, InvoiceAnswer.CACHE_CONTROL);
    if (answer.notModified()) {
      // RFC 9110 section 8.6 allows the 200's length here, but clients built on the classic
      // http_parser (wrk among them) then wait for that many bytes of a body that a 304 never
      // has; nginx states none either. Jetty fills in a length (0, which RFC 9110 forbids) when a
      // response is committed by its last write, so the headers go out first: every header is set
      // by then (the before-handlers and this method set them all).
      ctx.status(304);
      ctx.res().setContentType(null);
      ctx.res().flushBuffer();
      return;
    }
    if (answer.gzip()) {
      // Set before the first byte, so that Javalin does not compress it a second time.
      ctx.header(Header.CONTENT_ENCODING, "gzip");
    }
    ctx.contentType(InvoiceAnswer.CONTENT_TYPE);
    if (HandlerType.HEAD.equals(ctx.method())) {
      ctx.res().setContentLengthLong(answer.contentLength());
      return;
    }
    Representation.Chunks sent = answer.content();
    ctx.res().setContentLengthLong(sent.length());
    // Written here rather than handed to Javalin as a result stream, which it would copy through a
    // buffer and its compression check: the parts go to Jetty as they are, and the last byte of the
    // stated length completes the answer.
    ServletOutputStream out = ctx.res().getOutputStream();
    for (byte[] part : sent.parts()) {
      out.write(part);
    }
  }
}

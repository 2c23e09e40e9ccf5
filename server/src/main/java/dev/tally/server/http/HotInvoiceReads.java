package dev.tally.server.http;

import dev.tally.server.auth.Permission;
import dev.tally.server.errors.Failure;
import dev.tally.server.orgs.IdRules;
import dev.tally.server.store.ConnectionWaits;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The hot reads of the Billing API, answered in Jetty before the servlet and the router, by a key
 * the credential cache holds as valid: {@code GET /api/v1/invoices/{invoice_id}} of a FINALIZED
 * invoice whose body is cached ({@link FinalizedBodies}), which needs no database, and of a live
 * draft, or {@code GET /api/v1/invoices} without parameters, cached at the current version, which
 * needs one statement ({@link InvoiceRoutes#cachedRead}). For such requests routing, the servlet's
 * wrappers and Javalin's context are the largest part of the cost (see docs/benchmarks.md,
 * "Serving").
 *
 * <p>It answers exactly what {@link InvoiceRoutes} would: the same {@link InvoiceAnswer}, headers
 * ({@code X-Request-Id}, {@code Vary}, {@code ETag}, {@code Cache-Control}), log line and timing
 * ({@link RequestLog}), and the same checks ({@code Cc-Version}, the key, the role, the request
 * rate). Anything else goes on to the router untouched, and nothing is decided or counted twice:
 * {@code HEAD}, a query, a body, an encoded or unusual id, an invoice not cached, a key not cached
 * or refused, a role not allowed, a rate spent ({@link Access#admitFromCache}), a version that
 * moved on or that the database could not tell. In that last case the time the attempt took goes
 * with the request ({@link #WAITED_NANOS}), so that its waits for the pool still add up to at most
 * the database timeout ({@code store.ConnectionWaits}). {@code HotInvoiceReadsTest} holds both ways
 * to the same answers.
 */
final class HotInvoiceReads extends Handler.Wrapper {

  private static final Logger log = LoggerFactory.getLogger(HotInvoiceReads.class);

  private static final String LIST = "/api/v1/invoices";
  private static final String PREFIX = "/api/v1/invoices/";
  private static final String ROUTE = "/api/v1/invoices/{invoice_id}";
  private static final int MAX_ID_LENGTH = 128;

  /**
   * The request attribute that carries, to the router, how long a hot read spent on a database read
   * that failed (nanoseconds, a {@code Long}).
   */
  static final String WAITED_NANOS = "tally.hot-read-waited-nanos";

  /**
   * The request attribute that carries, to the router, when the request arrived here ({@link
   * System#nanoTime}, a {@code Long}), so that its log line times the whole request.
   */
  static final String ARRIVED_NANOS = "tally.arrived-nanos";

  /**
   * The most a hot read waits for a pooled connection: past it, the router answers, waiting what is
   * left of the request's database timeout. So a hot read that cannot have a connection (pool busy,
   * database down) delays the router's answer by at most this.
   */
  static final long MAX_WAIT_NANOS = java.time.Duration.ofMillis(50).toNanos();

  /**
   * The request attribute that tells the router that a hot read has just read the version and found
   * the cached body older ({@code Boolean.TRUE}), so that it goes on to read without looking again.
   */
  static final String VERSION_READ = "tally.hot-read-version-read";

  private final InvoiceRoutes routes;
  private final Access access;
  private final RequestLog requestLog;
  private final LongAdder answered = new LongAdder();

  HotInvoiceReads(InvoiceRoutes routes, Access access, RequestLog requestLog) {
    this.routes = routes;
    this.access = access;
    this.requestLog = requestLog;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    long arrived = System.nanoTime();
    Optional<Representation> body = cachedBody(request, arrived);
    if (body.isEmpty()) {
      request.setAttribute(ARRIVED_NANOS, arrived);
      return super.handle(request, response, callback);
    }
    answered.increment();
    HttpFields fields = request.getHeaders();
    String requestId = RequestIds.accept(fields.get(RequestIds.HEADER));
    InvoiceAnswer answer =
        InvoiceAnswer.of(
            body.get(),
            fields.getValuesList(HttpHeader.ACCEPT_ENCODING),
            fields.getValuesList(HttpHeader.IF_NONE_MATCH));
    HttpFields.Mutable headers = response.getHeaders();
    headers.put(RequestIds.HEADER, requestId);
    headers.put(HttpHeader.VARY, "Accept-Encoding");
    headers.put(HttpHeader.ETAG, answer.etag());
    headers.put(HttpHeader.CACHE_CONTROL, InvoiceAnswer.CACHE_CONTROL);
    int status = answer.notModified() ? 304 : 200;
    response.setStatus(status);
    String path = request.getHttpURI().getPath();
    String route = path.equals(LIST) ? LIST : ROUTE;
    Callback logged =
        Callback.from(
            () -> {
              log(requestId, path, route, status, arrived);
              callback.succeeded();
            },
            failure -> {
              log(requestId, path, route, status, arrived);
              callback.failed(failure);
            });
    if (answer.notModified()) {
      // The headers go out first, without a length, as the router's 304 does (InvoiceRoutes.send
      // says why): a last write that commits the answer would state a length of 0.
      response.write(
          false, null, Callback.from(() -> response.write(true, null, logged), logged::failed));
      return true;
    }
    headers.put(HttpHeader.CONTENT_TYPE, InvoiceAnswer.CONTENT_TYPE);
    if (answer.gzip()) {
      headers.put(HttpHeader.CONTENT_ENCODING, "gzip");
    }
    Representation.Chunks content = answer.content();
    headers.put(HttpHeader.CONTENT_LENGTH, content.length());
    byte[] bytes = content.parts().size() == 1 ? content.parts().getFirst() : content.joined();
    response.write(true, ByteBuffer.wrap(bytes), logged);
    return true;
  }

  /**
   * The cached body this handler answers the request with, the request admitted; empty (and the
   * request untouched) when the router is to answer it.
   */
  private Optional<Representation> cachedBody(Request request, long arrived) {
    if (!"GET".equals(request.getMethod())) {
      return Optional.empty();
    }
    HttpURI uri = request.getHttpURI();
    String path = uri.getPath();
    if (uri.getQuery() != null || path == null) {
      return Optional.empty();
    }
    Optional<String> id;
    if (path.equals(LIST)) {
      id = Optional.empty();
    } else if (path.startsWith(PREFIX)) {
      String invoiceId = path.substring(PREFIX.length());
      if (invoiceId.length() > MAX_ID_LENGTH || !IdRules.isValid(invoiceId)) {
        return Optional.empty();
      }
      id = Optional.of(invoiceId);
    } else {
      return Optional.empty();
    }
    HttpFields fields = request.getHeaders();
    // A body, even one the route would not read, is the router's to refuse or drain.
    String length = fields.get(HttpHeader.CONTENT_LENGTH);
    if ((length != null && !length.equals("0")) || fields.contains(HttpHeader.TRANSFER_ENCODING)) {
      return Optional.empty();
    }
    try {
      ApiVersion.check(fields.getValuesList(ApiVersion.HEADER));
    } catch (Failure refused) {
      return Optional.empty();
    }
    boolean[] versionRead = {false};
    try (ConnectionWaits.Scope waits = ConnectionWaits.beginWithin(MAX_WAIT_NANOS)) {
      Optional<Representation> found =
          access.admitFromCache(
              fields.getValuesList(HttpHeader.AUTHORIZATION),
              Request.getRemoteAddr(request),
              Permission.READ_INVOICES,
              principal ->
                  routes.cachedRead(principal.organizationId(), id, () -> versionRead[0] = true),
              subject -> request.setAttribute(Access.RATE_TAKEN, subject));
      if (found.isEmpty() && versionRead[0]) {
        request.setAttribute(VERSION_READ, Boolean.TRUE);
      }
      return found;
    } catch (RuntimeException databaseFailed) {
      // The router reads again and answers the failure in its words; it waits for the pool only
      // what is left of the timeout.
      log.debug("a hot read goes to the router: {}", databaseFailed.toString());
      request.setAttribute(WAITED_NANOS, System.nanoTime() - arrived);
      return Optional.empty();
    }
  }

  private void log(String requestId, String path, String route, int status, long arrived) {
    MDC.put(RequestIds.MDC_KEY, requestId);
    try {
      requestLog.answered("GET", path, route, status, (System.nanoTime() - arrived) / 1e6);
    } finally {
      MDC.remove(RequestIds.MDC_KEY);
    }
  }

  /** How many requests this handler answered, for tests. */
  long answered() {
    return answered.sum();
  }
}

package dev.tally.server.http;

import dev.tally.model.GrpcCode;
import dev.tally.server.auth.AccessPolicy;
import dev.tally.server.auth.Authenticator;
import dev.tally.server.errors.Failure;
import dev.tally.server.metrics.HttpMetrics;
import dev.tally.server.store.ConnectionWaits;
import dev.tally.server.store.StoreException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.router.Endpoint;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The HTTP server: routes, strict input handling, and JSON {@code Status} bodies on every error
 * path. Built on Javalin (Jetty 12) with virtual threads. The HTTP edges: a 401 carries a {@code
 * WWW-Authenticate: Bearer} challenge, a 405 an {@code Allow} header naming the route's methods,
 * and every answer Javalin writes {@code Vary: Accept-Encoding}.
 */
public final class ApiServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  /** Statuses the router itself can produce without an exception. */
  private static final List<Integer> ROUTER_STATUSES =
      List.of(400, 404, 405, 408, 413, 414, 415, 431, 500, 503, 505);

  static final int MAX_HEADER_BYTES = 16 * 1024;

  /** The request attribute holding its {@link ConnectionWaits} scope. */
  private static final String WAITS = "tally.connection-waits";

  private static final String NOT_ALLOWED_ROUTE = "tally.not-allowed-route";

  private final Javalin app;
  private String host;
  private int port;
  private final List<Route> declared = new CopyOnWriteArrayList<>();
  private final Duration stopTimeout;
  private final List<HotInvoiceReads> hotReads;

  /**
   * Builds the server; {@link #start} binds it.
   *
   * @param metrics where request counts and latencies go
   * @param stopTimeout how long {@link #close} lets requests in flight finish; new connections are
   *     refused meanwhile
   * @param limits request rates, failed authentications and timeouts
   * @param limited told of every request a limit refuses
   */
  public ApiServer(
      Authenticator authenticator,
      AccessPolicy policy,
      List<Routes> routes,
      HttpMetrics metrics,
      Duration stopTimeout,
      HttpLimits limits,
      RateLimitListener limited) {
    this.stopTimeout = stopTimeout;
    Access access = new Access(authenticator, policy, new RateLimiter(limits, limited));
    RefusedRequests refused = new RefusedRequests(metrics);
    RequestLog requestLog = new RequestLog(metrics);
    List<HotInvoiceReads> hot =
        routes.stream()
            .filter(InvoiceRoutes.class::isInstance)
            .map(invoices -> new HotInvoiceReads((InvoiceRoutes) invoices, access, requestLog))
            .toList();
    this.hotReads = hot;
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.concurrency.useVirtualThreads = true;
              config.http.prefer405over404 = true;
              config.http.maxRequestSize = RequestBody.MAX_BODY_BYTES;
              config.router.ignoreTrailingSlashes = false;
              config.router.javaLangErrorHandler(ApiServer::answerError);
              config.jetty.modifyServer(
                  server -> {
                    server.setErrorHandler(JsonErrorHandler.recording(refused));
                    // Hot reads are answered ahead of the servlet and the router.
                    hot.forEach(server::insertHandler);
                    // Graceful stop: refuse new connections, wait for requests in flight; hot
                    // reads included, so it goes outside them.
                    server.insertHandler(new GracefulHandler());
                    server.setStopTimeout(stopTimeout.toMillis());
                  });
              config.jetty.modifyServletContextHandler(
                  handler -> {
                    handler.setErrorHandler(JsonErrorHandler.quiet());
                    // An answer given before its body is read must not be lost to a reset; the
                    // body's room (below) is given back before the rest of it is drained.
                    handler.addFilter(
                        new org.eclipse.jetty.ee10.servlet.FilterHolder(new LingeringClose()),
                        "/*",
                        java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
                    // Request bodies in flight hold at most a quarter of the heap together.
                    handler.addFilter(
                        new org.eclipse.jetty.ee10.servlet.FilterHolder(
                            BodyMemory.quarterOfTheHeap()),
                        "/*",
                        java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
                  });
              config.jetty.modifyHttpConfiguration(ApiServer::harden);
              config.jetty.addConnector(
                  (server, http) -> {
                    ServerConnector connector =
                        new ServerConnector(
                            server, new HeaderDeadline(http, limits.headerTimeout(), refused));
                    connector.setHost(host);
                    connector.setPort(port);
                    connector.setIdleTimeout(limits.idleTimeout().toMillis());
                    return connector;
                  });
              config.events.handlerAdded(
                  added -> {
                    if (added.getHttpMethod().isHttpMethod()) {
                      declared.add(new Route(added.getHttpMethod().name(), added.getPath()));
                    }
                  });

              // Javalin gzips any answer of 1,500 bytes or more to a client that accepts it (its
              // default compression strategy, kept), so every answer it writes depends on
              // Accept-Encoding: say so to caches on all of them, whatever their size.
              config.routes.before(ApiServer::tagRequest);
              config.routes.before(ctx -> ctx.header(Header.VARY, "Accept-Encoding"));
              config.routes.before(
                  "/api/*",
                  ctx ->
                      ApiVersion.check(
                          java.util.Collections.list(ctx.req().getHeaders(ApiVersion.HEADER))));
              config.routes.beforeMatched(access::check);
              routes.forEach(r -> r.addTo(config.routes));

              config.routes.exception(
                  Failure.class,
                  (e, ctx) -> {
                    if (e.httpStatus() == 503) {
                      ctx.header(Header.RETRY_AFTER, "1");
                    }
                    fail(ctx, e.httpStatus(), e.code(), e.getMessage());
                  });
              config.routes.exception(
                  HttpResponseException.class,
                  (e, ctx) -> {
                    if (e instanceof MethodNotAllowedResponse notAllowed) {
                      ctx.header(Header.ALLOW, allowed(notAllowed));
                      // No endpoint matched, but the path is a route's: time it under that route.
                      ctx.attribute(NOT_ALLOWED_ROUTE, declaredTemplateOf(ctx.path()));
                    }
                    int status = e.getStatus();
                    fail(
                        ctx, status, GrpcCode.forHttpStatus(status), StatusBody.messageFor(status));
                  });
              config.routes.exception(
                  StoreException.class,
                  (e, ctx) -> {
                    // No stack trace: while the database is away every request lands here.
                    log.warn(
                        "database unavailable on {} {}: {}",
                        LogText.method(ctx.method().name()),
                        LogText.path(ctx.path()),
                        e.getMessage());
                    ctx.header(Header.RETRY_AFTER, "1");
                    fail(
                        ctx,
                        503,
                        GrpcCode.UNAVAILABLE,
                        "the database is unavailable; try again shortly");
                  });
              config.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    if (RequestBody.timedOut(e) || e instanceof java.io.IOException) {
                      // The request could not be read: a stalled or broken body.
                      Failure unreadable = RequestBody.unreadable(e);
                      fail(
                          ctx, unreadable.httpStatus(), unreadable.code(), unreadable.getMessage());
                      return;
                    }
                    log.error(
                        "unexpected failure on {} {}",
                        LogText.method(ctx.method().name()),
                        LogText.path(ctx.path()),
                        e);
                    fail(ctx, 500, GrpcCode.INTERNAL, "internal error");
                  });
              for (int status : ROUTER_STATUSES) {
                config.routes.error(
                    status,
                    "*",
                    ctx -> {
                      if (!"application/json".equals(ctx.res().getContentType())) {
                        fail(
                            ctx,
                            status,
                            GrpcCode.forHttpStatus(status),
                            StatusBody.messageFor(status));
                      }
                    });
              }
              config.requestLogger.http(
                  (ctx, millis) -> {
                    // Timed from its arrival ahead of the router, when it went through there.
                    float took =
                        ctx.attribute(HotInvoiceReads.ARRIVED_NANOS) instanceof Long arrived
                            ? (System.nanoTime() - arrived) / 1e6f
                            : millis;
                    requestLog.answered(
                        ctx.method().name(), ctx.path(), route(ctx), ctx.statusCode(), took);
                    MDC.remove(RequestIds.MDC_KEY);
                    if (ctx.attribute(WAITS) instanceof ConnectionWaits.Scope waits) {
                      waits.close();
                    }
                  });
            });
  }

  /** A feature's routes, each declaring the permission it needs (see {@link Access}). */
  @FunctionalInterface
  public interface Routes {
    void addTo(io.javalin.config.RoutesConfig routes);

    /**
     * Declares GET, and HEAD with the same handler and permission, so that HEAD runs every check
     * GET does and answers the same status and headers; Jetty sends no body for HEAD. Without its
     * own route Javalin would answer a HEAD on a GET route with its own unchecked {@code 200
     * text/plain}. Every GET route is declared this way ({@code EveryGetAnswersHeadTest}).
     */
    default void getAndHead(
        io.javalin.config.RoutesConfig routes,
        String path,
        io.javalin.http.Handler handler,
        io.javalin.security.RouteRole... roles) {
      routes.get(path, handler, roles);
      routes.head(path, handler, roles);
    }
  }

  /**
   * A route as declared: an HTTP method ({@code GET}, {@code HEAD}, ...) and a path in Javalin's
   * form, such as {@code /api/v1/invoices/{invoice_id}}.
   */
  public record Route(String method, String path) {}

  /** Every route declared, in declaration order; the OpenAPI document's tests compare them. */
  public List<Route> routes() {
    return List.copyOf(declared);
  }

  public ApiServer start(String host, int port) {
    this.host = host;
    this.port = port;
    app.start(host, port);
    return this;
  }

  /**
   * How many requests were answered ahead of the router, by {@link HotInvoiceReads}; for tests and
   * diagnostics.
   */
  public long hotReads() {
    return hotReads.stream().mapToLong(HotInvoiceReads::answered).sum();
  }

  /** The bound port; useful when started on port 0. */
  public int port() {
    return app.port();
  }

  /**
   * Stops: new connections are refused, requests in flight get the stop timeout to finish, then the
   * server stops whatever is left. Running out of time is not a failure of the stop (the exit code
   * after SIGTERM stays 143); it is one WARN line.
   */
  @Override
  public void close() {
    try {
      app.stop();
    } catch (RuntimeException e) {
      if (!timedOut(e)) {
        throw e;
      }
      log.warn(
          "requests still in flight after the shutdown timeout of {} ms were cut off",
          stopTimeout.toMillis());
    }
  }

  private static boolean timedOut(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.util.concurrent.TimeoutException) {
        return true;
      }
      for (Throwable suppressed : cause.getSuppressed()) {
        if (timedOut(suppressed)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Gives the request its id (see {@link RequestIds}): echoed, and in the log context; and starts
   * counting its waits for database connections, so that they add up to at most the database
   * timeout ({@link ConnectionWaits}).
   */
  private static void tagRequest(Context ctx) {
    ctx.attribute(WAITS, ConnectionWaits.begin());
    if (ctx.attribute(HotInvoiceReads.WAITED_NANOS) instanceof Long waited) {
      ConnectionWaits.charge(waited);
    }
    String id = RequestIds.accept(ctx.header(RequestIds.HEADER));
    MDC.put(RequestIds.MDC_KEY, id);
    ctx.header(RequestIds.HEADER, id);
  }

  /** The route template the request matched, or null. */
  private static String route(Context ctx) {
    Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
    if (matched != null) {
      return matched.path;
    }
    return ctx.attribute(NOT_ALLOWED_ROUTE) instanceof String template ? template : null;
  }

  /**
   * The template of the declared route whose path {@code path} is ({@code
   * /api/v1/invoices/{invoice_id}} for {@code /api/v1/invoices/inv_x}), or null: each of its
   * segments is the template's, or fills one of its {@code {parameters}}.
   */
  private String declaredTemplateOf(String path) {
    String[] segments = path.split("/", -1);
    for (Route route : declared) {
      String[] template = route.path().split("/", -1);
      if (template.length != segments.length) {
        continue;
      }
      boolean matches = true;
      for (int i = 0; i < template.length && matches; i++) {
        matches =
            template[i].startsWith("{") && template[i].endsWith("}")
                ? !segments[i].isEmpty()
                : template[i].equals(segments[i]);
      }
      if (matches) {
        return route.path();
      }
    }
    return null;
  }

  /**
   * The answer to an {@link Error} a handler threw, which Javalin hands here rather than to the
   * exception handlers: logged at ERROR with its stack trace (Javalin's own logger is off, see
   * tally-log-libraries.xml), then a {@code Status} body, 503 {@code UNAVAILABLE} with {@code
   * Retry-After} when the heap ran out, as that passes, else 500 {@code INTERNAL}.
   */
  private static void answerError(jakarta.servlet.http.HttpServletResponse res, Error error) {
    boolean memory = error instanceof OutOfMemoryError;
    log.error("unexpected failure answering a request: {}", error.toString(), error);
    if (res.isCommitted()) {
      return;
    }
    try {
      res.resetBuffer();
      res.setStatus(memory ? 503 : 500);
      res.setContentType("application/json");
      if (memory) {
        res.setHeader(Header.RETRY_AFTER, "1");
      }
      res.getOutputStream()
          .write(
              memory
                  ? StatusBody.of(
                      GrpcCode.UNAVAILABLE, "the server is short of memory; try again shortly")
                  : StatusBody.of(GrpcCode.INTERNAL, "internal error"));
    } catch (java.io.IOException | RuntimeException e) {
      // The connection is gone or the answer was begun: Jetty ends it.
    }
  }

  static void fail(Context ctx, int httpStatus, GrpcCode code, String message) {
    if (httpStatus == 401) {
      ctx.header(Header.WWW_AUTHENTICATE, Access.challenge(ctx.header(Header.AUTHORIZATION)));
    }
    ctx.status(httpStatus).contentType("application/json").result(StatusBody.of(code, message));
  }

  /**
   * The methods of the path's routes, as Javalin lists them in a 405's details (one entry, such as
   * {@code "GET, HEAD"}), written as an {@code Allow} value.
   */
  private static String allowed(MethodNotAllowedResponse e) {
    return e.getDetails().values().stream()
        .flatMap(methods -> Arrays.stream(methods.split(",")))
        .map(String::trim)
        .filter(method -> !method.isEmpty())
        .collect(Collectors.joining(", "));
  }

  /**
   * The slowest a request body may arrive, on average over the request: 16 KiB/s, so a full 16 MiB
   * body may take 17 minutes and a batch of 1,000 events 12 seconds.
   */
  static final long MIN_BODY_BYTES_PER_SECOND = 16 * 1024;

  private static void harden(HttpConfiguration http) {
    http.setRequestHeaderSize(MAX_HEADER_BYTES);
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    // Jetty's header cache matches every header line of a request against the lines its
    // connection sent first, letter by letter and ignoring case: with an API key in every request,
    // that cost a hot read 5 % of its CPU, more than making the fields anew (docs/benchmarks.md).
    http.setHeaderCacheSize(0);
    // A body must keep arriving at 16 KiB/s on average, else 408: one trickled a byte at a time
    // would otherwise hold its room for bodies (BodyMemory) for as long as it liked.
    http.setMinRequestDataRate(MIN_BODY_BYTES_PER_SECOND);
  }
}

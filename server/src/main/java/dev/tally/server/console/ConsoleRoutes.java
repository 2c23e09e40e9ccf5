package dev.tally.server.console;

import dev.tally.model.CallerText;
import dev.tally.server.errors.Failure;
import dev.tally.server.http.ApiServer;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;

/**
 * The web console's routes, open to anyone (the pages hold no data; the data they fetch needs an
 * API key):
 *
 * <ul>
 *   <li>{@code GET /console} redirects (301) to {@code /console/};
 *   <li>{@code GET /console/} is the page, {@code GET /console/{file}} its CSS, JavaScript and
 *       icon; any other file is a 404 {@code Status} body;
 *   <li>{@code GET /console/server-time} is {@code {"now": "<RFC 3339 UTC instant>"}}, the server
 *       clock that rated the running month's draft, for its month-end projection.
 * </ul>
 *
 * <p>Every answer carries the security headers of {@link ConsoleHeaders}. {@code HEAD} answers like
 * {@code GET} without a body.
 */
public final class ConsoleRoutes implements ApiServer.Routes {

  private final ConsoleAssets assets;
  private final Clock clock;

  public ConsoleRoutes(Clock clock) {
    this.assets = ConsoleAssets.load();
    this.clock = clock;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.before("/console", ConsoleHeaders::apply);
    routes.before("/console/*", ConsoleHeaders::apply);
    getAndHead(routes, "/console", ctx -> ctx.redirect("/console/", HttpStatus.MOVED_PERMANENTLY));
    getAndHead(routes, "/console/", ctx -> send(ctx, "index.html"));
    getAndHead(routes, "/console/server-time", this::serverTime);
    getAndHead(routes, "/console/{file}", ctx -> send(ctx, ctx.pathParam("file")));
  }

  private void send(Context ctx, String name) {
    ConsoleAssets.Asset asset =
        assets
            .find(name)
            .orElseThrow(
                () -> Failure.notFound("the console has no file " + CallerText.quote(name)));
    ctx.header("Cache-Control", "no-cache").contentType(asset.contentType()).result(asset.bytes());
  }

  private void serverTime(Context ctx) {
    ctx.header("Cache-Control", "no-store")
        .contentType("application/json")
        .result("{\"now\":\"" + clock.instant() + "\"}");
  }
}

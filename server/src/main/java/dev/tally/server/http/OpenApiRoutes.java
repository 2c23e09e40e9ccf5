package dev.tally.server.http;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json} (and {@code HEAD}): Tally's own OpenAPI document ({@value #RESOURCE},
 * kept in the repository and checked by the tests), open to anyone as {@code application/json}. It
 * describes the Billing API, Tally's {@code /tally/v1} extensions, the operator API and the
 * operations routes.
 */
public final class OpenApiRoutes implements ApiServer.Routes {

  /** Where the document is on the server's classpath. */
  public static final String RESOURCE = "/openapi/tally-openapi.json";

  /** The route it is served at. */
  public static final String PATH = "/openapi.json";

  private final byte[] document;

  /**
   * Reads the document once.
   *
   * @throws IllegalStateException if the jar lacks it (a broken build)
   */
  public OpenApiRoutes() {
    this.document = document();
  }

  /** The document's bytes, UTF-8 JSON, as served. */
  public static byte[] document() {
    try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  @Override
  public void addTo(RoutesConfig routes) {
    getAndHead(
        routes,
        PATH,
        ctx ->
            ctx.header("Cache-Control", "no-cache")
                .contentType("application/json")
                .result(document));
  }
}

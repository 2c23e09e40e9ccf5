package dev.tally.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Tally's own answers, fetched over HTTP from the running server, written where nginx serves them
 * (each with a {@code .gz} twin for {@code gzip_static}, compressed at the highest level as one
 * would precompress), and checked: nginx must serve the very same bytes, plain and (once
 * decompressed) gzipped, on both its listeners, and Tally must answer the same bytes twice (a draft
 * too, as long as no usage arrives).
 */
final class ServeAnswers {

  /**
   * What Tally answered.
   *
   * @param body the identity-coded body
   * @param etag its {@code ETag} header, or null
   * @param gzipEncoding Tally's {@code Content-Encoding} when the request accepts gzip ({@code
   *     identity} when it does not compress)
   * @param gzipBytes the size of that answer's body
   * @param conditionalStatus Tally's status for a GET with {@code If-None-Match: <etag>}
   */
  record Answer(
      byte[] body, String etag, String gzipEncoding, int gzipBytes, int conditionalStatus) {}

  /** What nginx answered to a conditional GET with its own tag. */
  record NginxTag(String etag, int conditionalStatus) {}

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  /** Fetches each document from Tally, twice plain and once gzipped, and conditionally. */
  Map<ServeDocument, Answer> fetch(TallyProcess tally, Collection<ServeDocument> documents)
      throws IOException, InterruptedException {
    Map<ServeDocument, Answer> answers = new LinkedHashMap<>();
    for (ServeDocument d : documents) {
      URI uri = tally.uri(d.path());
      HttpResponse<byte[]> plain = ok(get(uri, d.apiKey(), null, null), "Tally", d);
      HttpResponse<byte[]> again = ok(get(uri, d.apiKey(), null, null), "Tally", d);
      if (!Arrays.equals(plain.body(), again.body())) {
        throw new IllegalStateException(
            "Tally answered GET "
                + d.path()
                + " with different bytes twice: nginx cannot serve it");
      }
      HttpResponse<byte[]> gzip = ok(get(uri, d.apiKey(), "gzip", null), "Tally", d);
      String encoding = gzip.headers().firstValue("Content-Encoding").orElse("identity");
      requireSameBody("Tally (gzip)", d, plain.body(), decoded(gzip));
      String etag = plain.headers().firstValue("ETag").orElse(null);
      int conditional = etag == null ? 0 : get(uri, d.apiKey(), null, etag).statusCode();
      answers.put(d, new Answer(plain.body(), etag, encoding, gzip.body().length, conditional));
    }
    return answers;
  }

  /** Writes every answer (and its {@code .gz}) under its site's root in {@code nginxDir}. */
  static void write(Map<ServeDocument, Answer> answers, Path nginxDir) throws IOException {
    for (Map.Entry<ServeDocument, Answer> a : answers.entrySet()) {
      Path file = a.getKey().file(NginxProcess.root(nginxDir, a.getKey().site()));
      Files.createDirectories(file.getParent());
      Files.write(file, a.getValue().body());
      Files.write(file.resolveSibling(file.getFileName() + ".gz"), gzip(a.getValue().body()));
    }
  }

  /**
   * Checks that nginx serves each answer's bytes on both listeners, plain and gzipped; returns the
   * tag nginx gives each and how it answers a conditional GET with it.
   *
   * @throws IllegalStateException naming the first document whose bytes differ
   */
  Map<ServeDocument, NginxTag> verify(NginxProcess nginx, Map<ServeDocument, Answer> answers)
      throws IOException, InterruptedException {
    Map<ServeDocument, NginxTag> tags = new LinkedHashMap<>();
    for (Map.Entry<ServeDocument, Answer> a : answers.entrySet()) {
      ServeDocument d = a.getKey();
      NginxProcess.Ports ports = nginx.ports(d.site());
      String etag = null;
      for (int port : new int[] {ports.precompressed(), ports.onTheFly()}) {
        URI uri = URI.create("http://127.0.0.1:" + port + d.path());
        HttpResponse<byte[]> plain = ok(get(uri, d.apiKey(), null, null), "nginx", d);
        requireSameBody("nginx", d, a.getValue().body(), plain.body());
        HttpResponse<byte[]> gzip = ok(get(uri, d.apiKey(), "gzip", null), "nginx", d);
        if (!gzip.headers().firstValue("Content-Encoding").orElse("").equals("gzip")) {
          throw new IllegalStateException(
              "nginx did not gzip GET " + d.path() + " on port " + port);
        }
        requireSameBody("nginx (gzip)", d, a.getValue().body(), decoded(gzip));
        if (port == ports.precompressed()) {
          etag = plain.headers().firstValue("ETag").orElse(null);
        }
      }
      int conditional =
          etag == null
              ? 0
              : get(
                      URI.create("http://127.0.0.1:" + ports.precompressed() + d.path()),
                      d.apiKey(),
                      null,
                      etag)
                  .statusCode();
      tags.put(d, new NginxTag(etag, conditional));
    }
    return tags;
  }

  private HttpResponse<byte[]> get(
      URI uri, String apiKey, String acceptEncoding, String ifNoneMatch)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("Authorization", "Bearer " + apiKey)
            .timeout(Duration.ofMinutes(2));
    if (acceptEncoding != null) {
      request.header("Accept-Encoding", acceptEncoding);
    }
    if (ifNoneMatch != null) {
      request.header("If-None-Match", ifNoneMatch);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpResponse<byte[]> ok(
      HttpResponse<byte[]> response, String server, ServeDocument d) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          server
              + " answered GET "
              + d.path()
              + " with "
              + response.statusCode()
              + ": "
              + new String(
                  response.body(),
                  0,
                  Math.min(500, response.body().length),
                  StandardCharsets.UTF_8));
    }
    return response;
  }

  private static void requireSameBody(String server, ServeDocument d, byte[] tally, byte[] other) {
    if (!Arrays.equals(tally, other)) {
      throw new IllegalStateException(
          server
              + " served GET "
              + d.path()
              + " with other bytes than Tally's ("
              + other.length
              + " bytes, Tally "
              + tally.length
              + ")");
    }
  }

  /** The body, inflated when its Content-Encoding is gzip. */
  private static byte[] decoded(HttpResponse<byte[]> response) throws IOException {
    if (!response.headers().firstValue("Content-Encoding").orElse("").equals("gzip")) {
      return response.body();
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
      return in.readAllBytes();
    }
  }

  static byte[] gzip(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
    try (GZIPOutputStream gz =
        new GZIPOutputStream(out) {
          {
            def.setLevel(Deflater.BEST_COMPRESSION);
          }
        }) {
      gz.write(body);
    }
    return out.toByteArray();
  }
}

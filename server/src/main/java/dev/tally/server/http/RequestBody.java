package dev.tally.server.http;

import dev.tally.model.GrpcCode;
import dev.tally.server.errors.Failure;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * The bytes of an operator request's body, checked at the door: {@code Content-Type} must be {@code
 * application/json} (UTF-8, the only charset JSON has, RFC 8259 section 8.1), else 415; {@code
 * Content-Encoding} may be absent, {@code identity} or {@code gzip}, else 415; room for the body
 * must be found in the heap kept for bodies ({@link BodyMemory}), else 503; the body as sent may
 * have at most {@link #MAX_BODY_BYTES}, else 413; a gzip body is inflated to at most {@link
 * #MAX_INFLATED_BYTES}, else 413, so a small bomb cannot fill memory, and must be whole gzip
 * members with nothing after them ({@link GzipBody}), else 400. A body that stalls until the
 * connection's idle timeout, or arrives slower than {@link ApiServer#MIN_BODY_BYTES_PER_SECOND} on
 * average, is answered 408.
 */
final class RequestBody {

  /**
   * The most bytes a request body may have as sent (before any inflating): 16 MiB, about three
   * times a batch of 10,000 events with every id at its longest; a longer one is answered 413,
   * before it is read when its {@code Content-Length} says so. One body at this limit, parsed, fits
   * the heap kept for bodies under the launcher's 256 MiB bound ({@link BodyMemory}).
   */
  static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

  /** The most a gzip body may inflate to: the same 16 MiB, so the JSON read has one limit. */
  static final int MAX_INFLATED_BYTES = 16 * 1024 * 1024;

  private RequestBody() {}

  /**
   * The body, inflated if it was sent gzipped.
   *
   * @throws Failure 415, 413, 503, 408 or 400 as described on the class
   */
  static byte[] json(Context ctx) {
    requireOnlyChunked(ctx);
    requireJsonContentType(onlyOne(ctx, "Content-Type"));
    String encoding = encoding(onlyOne(ctx, "Content-Encoding"));
    byte[] raw = read(ctx);
    return encoding.equals("gzip") ? inflate(ctx, raw) : raw;
  }

  /**
   * The header's one value, or null. Two of them (say {@code application/json} and {@code
   * text/plain}) would leave the body's type to whichever a reader takes first: refused.
   */
  private static String onlyOne(Context ctx, String header) {
    java.util.List<String> values = java.util.Collections.list(ctx.req().getHeaders(header));
    if (values.size() > 1) {
      throw Failure.invalid(
          "the request has " + values.size() + " " + header + " headers; send exactly one");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  /**
   * Jetty reads the chunked transfer coding and passes over any other named before it ({@code gzip,
   * chunked}), so the body would be read as if it had none: refused instead.
   */
  private static void requireOnlyChunked(Context ctx) {
    java.util.List<String> codings =
        java.util.Collections.list(ctx.req().getHeaders("Transfer-Encoding"));
    if (codings.isEmpty()) {
      return;
    }
    String joined = String.join(",", codings).strip().toLowerCase(Locale.ROOT);
    if (!joined.equals("chunked")) {
      throw Failure.invalid(
          "Transfer-Encoding must be chunked alone, got '"
              + StrictJson.quote(joined)
              + "'; to compress a body, send it with Content-Encoding: gzip");
    }
  }

  static void requireJsonContentType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      throw unsupported("the request needs the header Content-Type: application/json; it has none");
    }
    // The limit -1 keeps empty parts, so ";" gives two empty parts rather than none.
    String[] parts = contentType.split(";", -1);
    String media = parts[0].strip().toLowerCase(Locale.ROOT);
    if (media.isEmpty()) {
      throw unsupported(
          "the Content-Type header names no media type; send Content-Type: application/json");
    }
    if (!media.equals("application/json")) {
      throw unsupported(
          "the body must be JSON sent as Content-Type: application/json, got '"
              + StrictJson.quote(media)
              + "'");
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
      if (parameter.startsWith("charset=")) {
        String charset = parameter.substring("charset=".length()).replace("\"", "");
        if (!charset.equals("utf-8") && !charset.equals("utf8")) {
          throw unsupported(
              "a JSON body must be UTF-8; charset '" + StrictJson.quote(charset) + "' is not");
        }
      }
    }
  }

  private static String encoding(String header) {
    if (header == null || header.isBlank()) {
      return "identity";
    }
    String encoding = header.strip().toLowerCase(Locale.ROOT);
    if (encoding.equals("identity") || encoding.equals("gzip") || encoding.equals("x-gzip")) {
      return encoding.equals("x-gzip") ? "gzip" : encoding;
    }
    throw unsupported(
        "Content-Encoding '"
            + StrictJson.quote(encoding)
            + "' is not supported; send the body uncompressed or with Content-Encoding: gzip");
  }

  /**
   * The body as sent, read here rather than by Javalin's {@code bodyAsBytes}, which logs a WARN of
   * its own for every body over the limit: the 413 and the request's line say it already. Room for
   * it is reserved before it is read ({@link BodyMemory}): its {@code Content-Length}, or for a
   * chunked body a first guess grown as it arrives.
   */
  private static byte[] read(Context ctx) {
    long length = ctx.req().getContentLengthLong();
    if (length > MAX_BODY_BYTES) {
      throw tooLarge();
    }
    BodyMemory.Account memory = account(ctx);
    if (memory != null) {
      // A chunked body says nothing of its length: most are small batches.
      memory.expect(length >= 0 ? length : CHUNKED_GUESS);
    }
    java.io.ByteArrayOutputStream body =
        new java.io.ByteArrayOutputStream((int) Math.max(32, Math.min(length, 1 << 20)));
    try {
      java.io.InputStream in = ctx.req().getInputStream();
      byte[] step = new byte[64 * 1024];
      for (int n; (n = in.read(step)) >= 0; ) {
        if (body.size() + (long) n > MAX_BODY_BYTES) {
          throw tooLarge();
        }
        if (memory != null) {
          memory.grow(body.size() + (long) n);
        }
        body.write(step, 0, n);
      }
    } catch (Failure failure) {
      throw failure;
    } catch (Exception e) { // Jetty's IOExceptions, a stalled body's timeout among them
      throw unreadable(e);
    }
    return body.toByteArray();
  }

  /**
   * The largest gzipped body that may wait for room to inflate into: 256 KiB, a batch of 10,000
   * events gzipped. While it waits its bytes are in memory but hold no room.
   */
  private static final long MAX_WAITING_GZIP_BYTES = 256 * 1024;

  /** The room a chunked body is first given: 256 KiB, more than a batch of 1,000 events. */
  private static final long CHUNKED_GUESS = 256 * 1024;

  private static BodyMemory.Account account(Context ctx) {
    return (BodyMemory.Account) ctx.req().getAttribute(BodyMemory.ATTRIBUTE);
  }

  private static byte[] inflate(Context ctx, byte[] gzipped) {
    BodyMemory.Account memory = account(ctx);
    if (memory == null) {
      return GzipBody.inflate(gzipped, MAX_INFLATED_BYTES, grown -> {});
    }
    // The trailer's last four bytes give the (last member's) inflated length: room for that first.
    // Waiting for it gives up the room the gzipped bytes held while they stay in memory, so only a
    // small gzipped body may wait; a larger one takes the room if it is free, else 503.
    long said = gzipped.length < 4 ? 0 : GzipBody.statedLength(gzipped);
    long planned = gzipped.length + Math.min(said, MAX_INFLATED_BYTES);
    if (gzipped.length <= MAX_WAITING_GZIP_BYTES) {
      memory.expect(planned);
    } else {
      memory.grow(planned);
    }
    long[] inflated = {0};
    return GzipBody.inflate(
        gzipped, MAX_INFLATED_BYTES, grown -> memory.grow(gzipped.length + (inflated[0] += grown)));
  }

  /**
   * The answer to a body that could not be read: 408 when it stalled until the idle timeout, else
   * 400 (it ended early, or its chunked framing is broken).
   */
  static Failure unreadable(Exception e) {
    if (tooSlow(e)) {
      return new Failure(
          GrpcCode.forHttpStatus(408),
          408,
          "the request body arrived slower than "
              + (ApiServer.MIN_BODY_BYTES_PER_SECOND >> 10)
              + " KiB/s on average");
    }
    if (timedOut(e)) {
      return new Failure(GrpcCode.forHttpStatus(408), 408, StatusBody.messageFor(408));
    }
    if (e instanceof Failure failure) {
      return failure;
    }
    return Failure.invalid(
        "the request body could not be read: it ended before its stated length or its chunked"
            + " framing is broken");
  }

  /**
   * Whether Jetty gave up on a body for arriving below the minimum data rate (a 408 of its own).
   */
  private static boolean tooSlow(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof org.eclipse.jetty.http.HttpException jetty && jetty.getCode() == 408) {
        return true;
      }
    }
    return false;
  }

  /** Whether a failure came from the connection's idle timeout while the body was awaited. */
  static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static Failure tooLarge() {
    return new Failure(
        GrpcCode.INVALID_ARGUMENT,
        413,
        "the request body is larger than " + (MAX_BODY_BYTES >> 20) + " MiB");
  }

  private static Failure unsupported(String message) {
    return new Failure(GrpcCode.INVALID_ARGUMENT, 415, message);
  }
}

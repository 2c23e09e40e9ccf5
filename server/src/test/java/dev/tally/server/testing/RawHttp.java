package dev.tally.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP over a plain socket, for requests no HTTP client would send: broken framing, bad versions,
 * headers sent slowly. Reads the answer until the server closes the connection or the read times
 * out.
 */
public final class RawHttp {

  /**
   * One answer.
   *
   * @param status the status code, or -1 when nothing parsable arrived
   * @param headers header names in lower case
   * @param timedOut whether the read timed out before the server closed the connection
   */
  public record Answer(
      int status, Map<String, String> headers, String body, String raw, boolean timedOut) {

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private RawHttp() {}

  /** Sends the bytes at once and reads the answer, waiting at most {@code timeoutMillis}. */
  public static Answer exchange(int port, byte[] request, int timeoutMillis) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (SocketException closedWhileSending) {
        // the server may answer and close before it has read everything; read what it said
      }
      return read(socket.getInputStream());
    }
  }

  /** Reads an answer until the connection closes or reading times out. */
  public static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    boolean timedOut = false;
    try {
      for (int n; (n = in.read(buffer)) > 0; ) {
        response.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      timedOut = true;
    } catch (SocketException reset) {
      // the server may reset the connection after answering; what arrived is what we check
    }
    return parse(response.toString(StandardCharsets.ISO_8859_1), timedOut);
  }

  /**
   * Reads exactly one answer framed by its {@code Content-Length}, leaving the connection open for
   * the next; an answer without that header is returned with what its headers said and no body.
   *
   * @throws IOException when the connection ends or is reset before the answer is whole
   */
  public static Answer readOne(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new java.io.EOFException("the connection ended inside an answer's headers");
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    Answer headers = parse(head.toString(StandardCharsets.ISO_8859_1), false);
    String length = headers.header("content-length");
    byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
    if (length != null && body.length < Integer.parseInt(length)) {
      throw new java.io.EOFException("the connection ended inside an answer's body");
    }
    return parse(
        head.toString(StandardCharsets.ISO_8859_1) + new String(body, StandardCharsets.ISO_8859_1),
        false);
  }

  static Answer parse(String raw, boolean timedOut) {
    int end = raw.indexOf("\r\n\r\n");
    if (!raw.startsWith("HTTP/") || end < 0) {
      return new Answer(-1, Map.of(), "", raw, timedOut);
    }
    String[] lines = raw.substring(0, end).split("\r\n");
    String[] statusLine = lines[0].split(" ");
    int status;
    try {
      status = Integer.parseInt(statusLine[1]);
    } catch (RuntimeException e) {
      return new Answer(-1, Map.of(), "", raw, timedOut);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).strip());
      }
    }
    String body = raw.substring(end + 4);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
    return new Answer(status, headers, new String(bytes, StandardCharsets.UTF_8), raw, timedOut);
  }

  private static String dechunk(String body) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < body.length()) {
      int lineEnd = body.indexOf("\r\n", at);
      if (lineEnd < 0) {
        break;
      }
      int size;
      try {
        size = Integer.parseInt(body.substring(at, lineEnd).split(";")[0].strip(), 16);
      } catch (NumberFormatException e) {
        break;
      }
      if (size == 0) {
        break;
      }
      int from = lineEnd + 2;
      out.append(body, from, Math.min(body.length(), from + size));
      at = from + size + 2;
    }
    return out.toString();
  }
}

package dev.tally.server.http;

import dev.tally.model.GrpcCode;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error pages (bad request lines, oversized headers, undecodable URIs), rewritten as
 * reference {@code Status} JSON so that no answer is ever HTML or carries internals. Jetty's
 * message is dropped on purpose: it can name internal classes.
 */
final class JsonErrorHandler extends ErrorHandler {

  private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    response.getHeaders().put(JSON);
    response.write(true, ByteBuffer.wrap(body(code)), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(JSON);
    return ByteBuffer.wrap(body(status));
  }

  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  private static byte[] body(int status) {
    return StatusBody.of(GrpcCode.forHttpStatus(status), StatusBody.messageFor(status));
  }
}

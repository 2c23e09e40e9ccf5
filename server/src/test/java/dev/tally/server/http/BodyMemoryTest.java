package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.server.errors.Failure;
import jakarta.servlet.ServletRequest;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Bodies in flight hold at most the budget together, and give it back when answered. */
class BodyMemoryTest {

  /** A request that only keeps attributes: all the filter asks of one. */
  private static ServletRequest request() {
    Map<String, Object> attributes = new HashMap<>();
    return (ServletRequest)
        Proxy.newProxyInstance(
            BodyMemoryTest.class.getClassLoader(),
            new Class<?>[] {ServletRequest.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "setAttribute" -> attributes.put((String) args[0], args[1]);
                  case "getAttribute" -> attributes.get((String) args[0]);
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  @Test
  void aRequestReservesFourTimesItsBodyAndGivesItBackWhenAnswered() throws Exception {
    BodyMemory memory = new BodyMemory(8L << 20);
    ServletRequest request = request();
    memory.doFilter(
        request,
        null,
        (req, res) -> {
          ((BodyMemory.Account) req.getAttribute(BodyMemory.ATTRIBUTE)).reserve(1L << 20);
          assertThat(memory.availableKibibytes()).isEqualTo(4 * 1024);
        });
    assertThat(memory.availableKibibytes()).isEqualTo(8 * 1024);
  }

  @Test
  void aBodyThatFindsNoRoomInTimeIs503AndWhatItHadIsGivenBack() throws Exception {
    BodyMemory memory = new BodyMemory(8L << 20);
    AtomicReference<Throwable> refused = new AtomicReference<>();
    memory.doFilter(
        request(),
        null,
        (first, res) -> {
          ((BodyMemory.Account) first.getAttribute(BodyMemory.ATTRIBUTE)).reserve(1L << 20);
          try {
            memory.doFilter(
                request(),
                null,
                (second, res2) -> {
                  BodyMemory.Account account =
                      (BodyMemory.Account) second.getAttribute(BodyMemory.ATTRIBUTE);
                  account.reserve(512 << 10); // fits: 2 MiB of the 4 MiB left
                  account.reserve(1L << 20); // 4 MiB more does not
                });
          } catch (Failure e) {
            refused.set(e);
          }
          assertThat(memory.availableKibibytes()).isEqualTo(4 * 1024);
        });
    assertThat(refused.get())
        .isInstanceOf(Failure.class)
        .hasMessage(
            "the server is reading too many large request bodies at once; try again shortly");
    assertThat(((Failure) refused.get()).httpStatus()).isEqualTo(503);
    assertThat(memory.availableKibibytes()).isEqualTo(8 * 1024);
  }

  @Test
  void aBodyLargerThanTheWholeBudgetIsAdmittedAloneAndNeverHoldsMoreThanIt() throws Exception {
    BodyMemory memory = new BodyMemory(8L << 20);
    memory.doFilter(
        request(),
        null,
        (req, res) -> {
          BodyMemory.Account account = (BodyMemory.Account) req.getAttribute(BodyMemory.ATTRIBUTE);
          account.reserve(RequestBody.MAX_BODY_BYTES);
          account.reserve(1L << 20);
          assertThat(memory.availableKibibytes()).isZero();
        });
    assertThat(memory.availableKibibytes()).isEqualTo(8 * 1024);
  }
}

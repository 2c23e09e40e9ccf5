package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.server.errors.Failure;
import jakarta.servlet.ServletRequest;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Bodies being served hold at most the budget together, and give it back when answered. */
class BodyMemoryTest {

  private static final long MIB = 1L << 20;

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

  private interface Body {
    void read(BodyMemory.Account account) throws Exception;
  }

  /** Serves one request whose handler reads its body as {@code body} says. */
  private static void serve(BodyMemory memory, Body body) throws Exception {
    memory.doFilter(
        request(),
        null,
        (req, res) -> {
          try {
            body.read((BodyMemory.Account) req.getAttribute(BodyMemory.ATTRIBUTE));
          } catch (RuntimeException e) {
            throw e;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** The budget under the launcher's 256 MiB heap: 16 MiB for small bodies, 48 for large. */
  private static final long BUDGET = 64 * MIB;

  private static final int ALL = 64 * 1024;

  @Test
  void aRequestHoldsFourTimesItsBodyAndGivesItBackWhenAnswered() throws Exception {
    BodyMemory memory = new BodyMemory(BUDGET, 50);
    serve(
        memory,
        account -> {
          account.expect(MIB);
          assertThat(memory.availableKibibytes()).isEqualTo(ALL - 4 * 1024);
        });
    assertThat(memory.availableKibibytes()).isEqualTo(ALL);
  }

  @Test
  void aBodyReadInTinyPiecesHoldsRoomForWhatItReadNotForEachPiece() throws Exception {
    BodyMemory memory = new BodyMemory(BUDGET, 50);
    serve(
        memory,
        account -> {
          account.expect(0);
          for (int read = 1; read <= 30_000; read++) {
            account.grow(read);
          }
          // 30,000 bytes need 120,000 of heap: one step of 256 KiB, not a KiB per byte.
          assertThat(memory.availableKibibytes()).isEqualTo(ALL - 256);
        });
  }

  @Test
  void aLargeBodyWaitsForLargeOnesAnd503sPastTheWaitWhileSmallBodiesGoOn() throws Exception {
    BodyMemory memory = new BodyMemory(BUDGET, 50);
    serve(
        memory,
        large -> {
          large.expect(12 * MIB); // 48 MiB: the whole large lane, say announced and sent slowly
          assertThatThrownBy(() -> serve(memory, other -> other.expect(2 * MIB)))
              .isInstanceOf(Failure.class)
              .hasMessage("the server is busy reading other request bodies; try again shortly")
              .satisfies(e -> assertThat(((Failure) e).httpStatus()).isEqualTo(503));
          serve(
              memory,
              small -> {
                small.expect(200 * 1024); // a batch of 1,000 events: its own lane
                assertThatThrownBy(() -> small.grow(2 * MIB))
                    .as("growing into the large lane never waits")
                    .isInstanceOf(Failure.class);
              });
          assertThat(memory.availableKibibytes()).isEqualTo(ALL - 48 * 1024);
        });
    assertThat(memory.availableKibibytes()).isEqualTo(ALL);
  }

  @Test
  void requestsThatEachHoldPartAndWantMoreDoNotWaitOnEachOther() throws Exception {
    BodyMemory memory = new BodyMemory(BUDGET, 5_000);
    CyclicBarrier bothHoldHalf = new CyclicBarrier(2);
    Body body =
        account -> {
          account.expect(6 * MIB); // 24 MiB each: the large lane is full
          bothHoldHalf.await(5, TimeUnit.SECONDS);
          account.expect(9 * MIB); // 36 MiB each: one after the other
        };
    try (var threads = java.util.concurrent.Executors.newFixedThreadPool(2)) {
      CompletableFuture<Void> one = CompletableFuture.runAsync(() -> run(memory, body), threads);
      CompletableFuture<Void> two = CompletableFuture.runAsync(() -> run(memory, body), threads);

      CompletableFuture.allOf(one, two).get(10, TimeUnit.SECONDS);
    }
    assertThat(memory.availableKibibytes()).isEqualTo(ALL);
  }

  private static void run(BodyMemory memory, Body body) {
    try {
      serve(memory, body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aBodyLargerThanItsLaneIsAdmittedAloneAndNeverHoldsMoreThanIt() throws Exception {
    BodyMemory memory = new BodyMemory(BUDGET, 50);
    serve(
        memory,
        account -> {
          account.expect(RequestBody.MAX_BODY_BYTES);
          account.grow(RequestBody.MAX_BODY_BYTES + MIB);
          assertThat(memory.availableKibibytes()).isEqualTo(16 * 1024);
        });
    assertThat(memory.availableKibibytes()).isEqualTo(ALL);
  }
}

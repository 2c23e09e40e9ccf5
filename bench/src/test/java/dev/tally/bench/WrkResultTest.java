package dev.tally.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading wrk's output: rates, percentiles in any unit, and every kind of error. */
class WrkResultTest {

  private static final String FAILING_RUN =
      """
      Running 1s test @ http://127.0.0.1:18931/nope
        1 threads and 2 connections
        Thread Stats   Avg      Stdev     Max   +/- Stdev
          Latency     5.57ms    6.81ms  43.30ms   87.38%
          Req/Sec   518.70    332.18     1.25k    80.00%
        Latency Distribution
           50%    2.86ms
           75%    8.07ms
           90%   13.30ms
           99%   32.52ms
        526 requests in 1.03s, 267.11KB read
        Non-2xx or 3xx responses: 526
      Requests/sec:    508.73
      Transfer/sec:    258.34KB
      """;

  private static final String SLOW_RUN_WITH_SOCKET_ERRORS =
      """
      Running 15s test @ http://127.0.0.1:8080/api/v1/invoices
        2 threads and 64 connections
        Latency Distribution
           50%  812.00us
           75%    1.20ms
           90%    1.90s
           99%    2.10s
        1500 requests in 15.00s, 1.90GB read
        Socket errors: connect 1, read 2, write 3, timeout 4
      Requests/sec:    100.00
      Transfer/sec:    129.70MB
      """;

  @Test
  void readsTheRateThePercentilesAndTheAnswersThatWereNotSuccesses() {
    WrkResult r = WrkResult.parse(FAILING_RUN);

    assertThat(r.requestsPerSecond()).isEqualTo(508.73);
    assertThat(r.p50Millis()).isEqualTo(2.86);
    assertThat(r.p99Millis()).isEqualTo(32.52);
    assertThat(r.requests()).isEqualTo(526);
    assertThat(r.non2xx3xx()).isEqualTo(526);
    assertThat(r.socketErrors()).isZero();
    assertThat(r.errors()).isEqualTo(526);
  }

  @Test
  void convertsMicrosecondsAndSecondsAndCountsSocketErrorsAsErrors() {
    WrkResult r = WrkResult.parse(SLOW_RUN_WITH_SOCKET_ERRORS);

    assertThat(r.p50Millis()).isEqualTo(0.812);
    assertThat(r.p99Millis()).isEqualTo(2100.0);
    assertThat(r.non2xx3xx()).isZero();
    assertThat(r.socketErrors()).isEqualTo(10);
    assertThat(r.errors()).isEqualTo(10);
  }

  @Test
  void outputWithoutARateIsRefused() {
    assertThatThrownBy(() -> WrkResult.parse("unable to connect to 127.0.0.1:1 Connection refused"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Requests/sec");
  }

  @Test
  void theMedianOfSeveralRunsIsTakenFigureByFigure() {
    WrkResult median =
        WrkResult.median(
            List.of(
                new WrkResult(100, 1, 9, 1000, 0, 0),
                new WrkResult(300, 3, 7, 3000, 2, 0),
                new WrkResult(200, 2, 8, 2000, 1, 5)));

    assertThat(median).isEqualTo(new WrkResult(200, 2, 8, 2000, 1, 0));
  }
}

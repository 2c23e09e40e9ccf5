package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Gzip goes to a client whose {@code Accept-Encoding} gives it a non-zero weight, and only then.
 */
class ContentCodingTest {

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "NULL|false",
        "''|false",
        "gzip|true",
        "GZIP|true",
        "x-gzip|true",
        "gzip, deflate, br|true",
        "br;q=1.0, gzip;q=0.8|true",
        "gzip;q=0|false",
        "gzip; q=0.000|false",
        "gzip;q=0.001|true",
        "*|true",
        "*;q=0|false",
        "gzip;q=0, *|false",
        "*, gzip;q=0|false",
        "identity|false",
        "deflate, br|false",
        "gzip;q=abc|false",
        "gzipx|false",
        "';'|false",
        "';;;'|false",
        "',,'|false",
        "'gzip, ;'|true",
        "';q=1, gzip'|true",
        "'; charset=utf-8'|false"
      })
  void gzipIsChosenWhenTheClientGivesItAWeight(String acceptEncoding, boolean gzip) {
    assertThat(ContentCoding.acceptsGzip(acceptEncoding)).isEqualTo(gzip);
  }

  @ParameterizedTest
  @CsvSource({"1499,false", "1500,true"})
  void smallBodiesGoUncompressed(long length, boolean gzip) {
    assertThat(ContentCoding.gzip("gzip", length)).isEqualTo(gzip);
  }
}

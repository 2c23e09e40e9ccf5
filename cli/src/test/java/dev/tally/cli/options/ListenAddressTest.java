package dev.tally.cli.options;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The URL a server command prints for where it listens is one a browser and curl accept. */
class ListenAddressTest {

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, http://127.0.0.1:8080",
    "localhost, http://localhost:8080",
    "::1, http://[::1]:8080",
    "'[::1]', http://[::1]:8080",
    "0:0:0:0:0:0:0:0, http://[0:0:0:0:0:0:0:0]:8080"
  })
  void anIpv6HostIsPrintedInBrackets(String host, String url) {
    ListenAddress listen = new ListenAddress();
    listen.host = host;
    assertThat(listen.url(8080)).isEqualTo(url);
  }

  @org.junit.jupiter.api.Test
  void aHostWithASchemeOrAPortIsNotAHost() {
    for (String bad : new String[] {"127.0.0.1:9000", "http://127.0.0.1", "host/path", "a b"}) {
      org.assertj.core.api.Assertions.assertThat(ListenAddress.isHostShaped(bad)).as(bad).isFalse();
    }
    for (String good :
        new String[] {
          "127.0.0.1", "localhost", "::1", "[::1]", "fe80::1%eth0", "my-host.example"
        }) {
      org.assertj.core.api.Assertions.assertThat(ListenAddress.isHostShaped(good))
          .as(good)
          .isTrue();
    }
  }
}

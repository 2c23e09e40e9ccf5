package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.BindException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

/** Why an address cannot be listened on, in Tally's words rather than the operating system's. */
class ListenPortReasonTest {

  @Test
  void theOperatingSystemsReasonsAreSaidInTallysWords() {
    assertThat(ListenPort.reason(new BindException("Address already in use")))
        .startsWith("the port is in use");
    assertThat(ListenPort.reason(new BindException("Cannot assign requested address")))
        .startsWith("the host is not an address of this machine");
    assertThat(ListenPort.reason(new BindException("Permission denied")))
        .startsWith("permission denied");
    assertThat(ListenPort.reason(new SocketException("Invalid argument")))
        .startsWith("this address cannot be listened on here")
        .contains("fe80::1%eth0");
    assertThat(ListenPort.reason(new SocketException("Something else")))
        .isEqualTo("cannot listen there (Something else)");
  }
}

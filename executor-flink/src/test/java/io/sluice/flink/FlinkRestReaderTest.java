package io.sluice.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * A JobManager whose REST API does not answer gives a view that says so, at once and without
 * throwing: the job it describes has already ended, and its outcome must not depend on the view.
 * (What a live cluster answers is checked against the REST API itself in StandaloneClusterTest.)
 */
class FlinkRestReaderTest {

  @Test
  void anUnreachableRestApiGivesAnEmptyViewWithTheReason() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    URI rest = URI.create("http://127.0.0.1:" + port);

    long start = System.nanoTime();
    FlinkClusterView view = FlinkRestReader.read(rest, "0123abcd");

    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
    assertThat(view.reachable()).isFalse();
    assertThat(view.error()).startsWith("Flink's REST API at " + rest + " did not answer: ");
    assertThat(view.taskManagers()).isEmpty();
    assertThat(view.placement()).isEmpty();
    assertThat(view.jobPage().toString())
        .isEqualTo("http://127.0.0.1:" + port + "/#/job/completed/0123abcd/overview");
  }
}

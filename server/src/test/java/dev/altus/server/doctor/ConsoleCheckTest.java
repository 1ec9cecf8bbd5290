package dev.altus.server.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The classic install's console URL that did not open: doctor catches a base URL nobody reaches. */
class ConsoleCheckTest {
  @Test
  void aBaseUrlNobodyListensAtFails() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // free again once closed: nothing listens there
    }
    String url = "http://127.0.0.1:" + port + "/vnc_lite.html";
    List<Finding> out = new ConsoleCheck(url, "127.0.0.1", "from the cloud").run();
    System.out.println(new DoctorReport(out).text());
    assertThat(out).singleElement().satisfies(f -> {
      assertThat(f.status()).isEqualTo(Finding.Status.FAIL);
      assertThat(f.detail()).startsWith("the noVNC base URL " + url + " cannot be reached from"
          + " the cloud: ").endsWith("; console URLs will not open");
      assertThat(f.fix()).contains("compute.novncproxy_base_url");
    });
  }

  @Test
  void aLoopbackBaseUrlWhileTheApisAreElsewhereWarnsEvenWhenItAnswers() throws Exception {
    HttpServer page = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    page.createContext("/vnc_lite.html", x -> {
      x.sendResponseHeaders(200, 2);
      x.getResponseBody().write("ok".getBytes());
      x.close();
    });
    page.start();
    try {
      String url = "http://127.0.0.1:" + page.getAddress().getPort() + "/vnc_lite.html";
      List<Finding> out = new ConsoleCheck(url, "192.0.2.10", "from the cloud").run();
      System.out.println(new DoctorReport(out).text());
      assertThat(out).extracting(Finding::status)
          .containsExactly(Finding.Status.WARN, Finding.Status.OK);
      assertThat(out.get(0).detail()).contains("is a loopback address while the APIs are"
          + " reached at 192.0.2.10");
      assertThat(out.get(0).fix()).isEqualTo("set compute.novncproxy_base_url to"
          + " http://192.0.2.10:" + page.getAddress().getPort() + "/vnc_lite.html");
      // the same page reached at the APIs' own loopback address is fine
      assertThat(new ConsoleCheck(url, "127.0.0.25", "from here").run())
          .extracting(Finding::status).containsExactly(Finding.Status.OK);
    } finally {
      page.stop(0);
    }
  }
}

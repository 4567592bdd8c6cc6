package dev.driftline.jobs.trigger;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** An HTTP receiver on 127.0.0.1 that records each request and answers with scripted replies, in order. */
final class FakeReceiver implements AutoCloseable {

  /** A request as received. */
  record Received(String method, String rawPath, String rawQuery, Headers headers, String body) {
    String header(String name) {
      return headers.getFirst(name);
    }
  }

  record Reply(int status, String body, Map<String, String> headers, Duration delay) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fake-receiver");
    t.setDaemon(true);
    return t;
  });
  private final Deque<Reply> replies = new ConcurrentLinkedDeque<>();
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());

  FakeReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** http://127.0.0.1:port, no trailing slash. */
  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  FakeReceiver reply(int status, String body, String... headerNamesAndValues) {
    return replyAfter(Duration.ZERO, status, body, headerNamesAndValues);
  }

  FakeReceiver replyAfter(Duration delay, int status, String body, String... headerNamesAndValues) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    for (int i = 0; i + 1 < headerNamesAndValues.length; i += 2) {
      headers.put(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
    }
    replies.add(new Reply(status, body, headers, delay));
    return this;
  }

  List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Headers copy = new Headers();
      exchange.getRequestHeaders().forEach(copy::put);
      received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
          exchange.getRequestURI().getRawQuery(), copy, body));
      Reply reply = replies.poll();
      if (reply == null) {
        reply = new Reply(500, "{\"message\": \"no reply scripted\"}", Map.of(), Duration.ZERO);
      }
      if (!reply.delay().isZero()) {
        try {
          Thread.sleep(reply.delay().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    } catch (IOException e) {
      // The client gave up (a timeout test): nothing to answer.
    }
  }

  /** A port on 127.0.0.1 where nothing listens. */
  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

package io.channelpulse.gateway.delivery;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** A local HTTP receiver whose responses are scripted, recording every request it gets. */
final class TestReceiver implements AutoCloseable {

    /** One scripted response: status, optional Retry-After, and a delay before answering. */
    record Response(int status, String retryAfter, long delayMillis) {
        static Response of(int status) {
            return new Response(status, null, 0);
        }
    }

    record Request(long atNanos, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Response> script = new ConcurrentLinkedQueue<>();
    private volatile Response fallback = Response.of(200);
    final List<Request> requests = new CopyOnWriteArrayList<>();

    TestReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(System.nanoTime(), Map.copyOf(exchange.getRequestHeaders()), body));
            Response r = script.poll();
            if (r == null) {
                r = fallback;
            }
            try {
                if (r.delayMillis() > 0) {
                    Thread.sleep(r.delayMillis());
                }
                if (r.retryAfter() != null) {
                    exchange.getResponseHeaders().set("Retry-After", r.retryAfter());
                }
                exchange.sendResponseHeaders(r.status(), -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client gave up (timeout)
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    TestReceiver then(Response... responses) {
        script.addAll(List.of(responses));
        return this;
    }

    TestReceiver otherwise(Response response) {
        fallback = response;
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

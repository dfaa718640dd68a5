package io.channelpulse.bench;

import com.sun.net.httpserver.HttpServer;
import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.gateway.Gateway;
import io.channelpulse.config.DeliverySettings;
import io.channelpulse.config.Route;
import io.channelpulse.config.Target;
import io.channelpulse.config.Manager;
import io.channelpulse.config.PanelSettings;
import io.channelpulse.support.KafkaTestSupport;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertDetails;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.Partner;
import io.channelpulse.model.Rule;
import io.channelpulse.model.Severity;
import io.channelpulse.serde.Json;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The gateway under load and abuse at once, on the embedded broker: 200 open SSE streams, 50
 * slow-loris connections sending headers a byte at a time, a login flood from rotating usernames
 * and (through a trusted proxy) rotating addresses, and a webhook target that accepts connections
 * and never answers next to a healthy one. Measures the p99 of authenticated {@code /api/}
 * requests, the heap used (max over the run, whole JVM: broker and clients included), and whether
 * every alert still reaches the healthy target. Not a test; the last line is the verdict.
 *
 * <p>Usage: {@code GatewayAbuseBenchmark [SECONDS]} (default 60)
 */
public final class GatewayAbuseBenchmark {

    static final Instant T0 = Instant.parse("2026-11-29T02:00:00Z");
    static final String PASSWORD = "bench password";
    static final int SSE_CLIENTS = 200;
    static final int SLOW_CLIENTS = 50;
    static final int LOGIN_FLOODERS = 4;
    static final int CHANNELS = 50;
    static final java.util.regex.Pattern ALERT_ID = java.util.regex.Pattern.compile("\"alertId\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        Path dir = Files.createTempDirectory("abuse-bench");
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        List<AutoCloseable> closing = new ArrayList<>();
        String verdict = "FAILED: did not finish";
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            PulseConfig config = KafkaTestSupport.isolatedConfig(kafka, "abuse");
            String partners = config.topics().inputs().get("partners");
            kafka.createTopics(List.of(partners, config.topics().kpis(), config.topics().alerts(), "abuse.alerts-undeliverable"), 2);
            // The gateway keeps series and panel history only for channels partner master data names.
            try (KafkaProducer<String, String> producer = KafkaTestSupport.producer(kafka)) {
                for (int c = 0; c < CHANNELS; c++) {
                    send(producer, partners, "P-" + c, new Partner("P-" + c, "CH-" + c, ChannelType.DEALER, List.of("R-1"), null, "P-" + c));
                }
                producer.flush();
            }

            // Targets: a healthy webhook that records alert ids, and a black hole.
            Set<String> delivered = ConcurrentHashMap.newKeySet();
            HttpServer healthy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            healthy.createContext("/", ex -> {
                try (ex; InputStream in = ex.getRequestBody()) {
                    java.util.regex.Matcher m = ALERT_ID.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    while (m.find()) {
                        delivered.add(m.group(1));
                    }
                    ex.sendResponseHeaders(204, -1);
                }
            });
            healthy.start();
            closing.add(() -> healthy.stop(0));
            ServerSocket blackHole = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            closing.add(blackHole);
            List<Socket> swallowed = new CopyOnWriteArrayList<>();
            threads.add(daemon("black-hole", () -> {
                while (!blackHole.isClosed()) {
                    try {
                        swallowed.add(blackHole.accept()); // accepted, never read, never answered
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            }));
            Target good = new Target("healthy", Target.Kind.WEBHOOK, "http://127.0.0.1:" + healthy.getAddress().getPort() + "/", List.of());
            Target hole = new Target("black-hole", Target.Kind.WEBHOOK, "http://127.0.0.1:" + blackHole.getLocalPort() + "/", List.of());
            DeliverySettings delivery = DeliverySettings.none()
                    .with(List.of(good, hole), List.of(new Route(null, null, null, null, List.of("healthy", "black-hole"))))
                    .withTimings(Duration.ofMillis(300), Duration.ofMinutes(10), Duration.ofSeconds(2), Duration.ofMillis(200),
                            Duration.ofSeconds(2), Duration.ofSeconds(60))
                    .withUndeliverableTopic("abuse.alerts-undeliverable");

            String hash = BCrypt.hashpw(PASSWORD, BCrypt.gensalt(10));
            PanelSettings panel = new PanelSettings(List.of(new Manager("root", hash, Set.of(), true, "Admin")),
                    Duration.ofHours(8), 5, Duration.ofMinutes(5), Duration.ofHours(24), "http://grafana/{channelId}")
                    .withTrustedProxies(List.of("127.0.0.1"));

            try (Gateway gateway = Gateway.start(config, delivery, panel, "127.0.0.1", 0, "127.0.0.1", 0);
                    KafkaProducer<String, String> producer = KafkaTestSupport.producer(kafka)) {
                int port = gateway.panelPort();
                String base = "http://127.0.0.1:" + port;
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                String cookie = login(http, base);

                // Load: KPIs for 50 channels every 500 ms, one new FIRING alert every 200 ms.
                Set<String> produced = ConcurrentHashMap.newKeySet();
                threads.add(daemon("producer", () -> {
                    long minute = 0;
                    int alert = 0;
                    while (running.get()) {
                        for (int c = 0; c < CHANNELS; c++) {
                            Instant start = T0.plusSeconds(60 * minute);
                            send(producer, config.topics().kpis(), "CH-" + c, new ChannelKpi("CH-" + c, ChannelType.DEALER, start,
                                    start.plusSeconds(60), 2, 3, new BigDecimal("12.50"), 4, 1, 0.75, 0, 1, 1, 1800L, 7200L, 0, 0, 0));
                        }
                        minute++;
                        for (int i = 0; i < 3; i++) {
                            String id = "bench-" + alert++;
                            send(producer, config.topics().alerts(), id, alert(id, "CH-" + (alert % CHANNELS)));
                            produced.add(id);
                            sleep(166);
                        }
                    }
                }));

                // 200 SSE streams, each on its own socket, counting events.
                AtomicLong sseEvents = new AtomicLong();
                AtomicInteger sseOpen = new AtomicInteger();
                AtomicInteger sseRefused = new AtomicInteger();
                for (int i = 0; i < SSE_CLIENTS; i++) {
                    threads.add(daemon("sse-" + i, () -> stream(port, cookie, running, sseEvents, sseOpen, sseRefused)));
                }

                // 50 slow-loris connections, headers one byte per second, reconnecting when cut off.
                AtomicInteger slowCutOff = new AtomicInteger();
                for (int i = 0; i < SLOW_CLIENTS; i++) {
                    threads.add(daemon("slow-" + i, () -> slowLoris(port, running, slowCutOff)));
                }

                // Login flood: rotating usernames from rotating addresses (via the trusted proxy header).
                Map<Integer, AtomicInteger> loginStatus = new ConcurrentHashMap<>();
                AtomicInteger addressSeq = new AtomicInteger();
                for (int i = 0; i < LOGIN_FLOODERS; i++) {
                    threads.add(daemon("flood-" + i, () -> {
                        while (running.get()) {
                            int n = addressSeq.incrementAndGet();
                            int status = post(http, base, "user-" + n, "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255));
                            loginStatus.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                        }
                    }));
                }

                // Measure: authenticated API latency, heap, panel threads.
                Histogram latency = new Histogram(60_000_000_000L, 3);
                AtomicInteger apiErrors = new AtomicInteger();
                for (int i = 0; i < 2; i++) {
                    String path = i == 0 ? "/api/channels" : "/api/alerts?status=FIRING";
                    threads.add(daemon("api-" + i, () -> {
                        while (running.get()) {
                            long start = System.nanoTime();
                            try {
                                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie)
                                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
                                if (r.statusCode() != 200) {
                                    apiErrors.incrementAndGet();
                                }
                            } catch (Exception e) {
                                apiErrors.incrementAndGet();
                            }
                            synchronized (latency) {
                                latency.recordValue(System.nanoTime() - start);
                            }
                            sleep(50);
                        }
                    }));
                }
                long maxHeap = 0;
                long maxPanelThreads = 0;
                long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
                while (System.nanoTime() < end) {
                    maxHeap = Math.max(maxHeap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                    maxPanelThreads = Math.max(maxPanelThreads, Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> t.getName().startsWith("panel-http")).count());
                    Thread.sleep(100);
                }
                running.set(false);
                long waitUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!delivered.containsAll(produced) && System.nanoTime() < waitUntil) {
                    Thread.sleep(200);
                }
                Set<String> missing = new java.util.TreeSet<>(produced);
                missing.removeAll(delivered);
                long p99 = latency.getValueAtPercentile(99) / 1_000_000;
                System.out.printf("seconds=%d sse_open_max=%d sse_refused=%d sse_events=%d slow_loris_cut_off=%d%n",
                        seconds, sseOpen.get(), sseRefused.get(), sseEvents.get(), slowCutOff.get());
                System.out.printf("logins by status=%s%n", new java.util.TreeMap<>(loginStatus));
                System.out.printf("api requests=%d errors=%d p50=%.1f ms p99=%d ms max=%.1f ms%n", latency.getTotalCount(), apiErrors.get(),
                        latency.getValueAtPercentile(50) / 1e6, p99, latency.getMaxValue() / 1e6);
                System.out.printf("heap used max=%d MB (whole JVM, Xmx %d MB) panel-http threads max=%d%n",
                        maxHeap >> 20, Runtime.getRuntime().maxMemory() >> 20, maxPanelThreads);
                System.out.printf("alerts produced=%d delivered to the healthy target=%d missing=%d black-hole connections=%d%n",
                        produced.size(), produced.size() - missing.size(), missing.size(), swallowed.size());
                boolean goals = p99 < 200 && missing.isEmpty() && apiErrors.get() == 0;
                verdict = "COMPLETED: goals " + (goals ? "met" : "NOT met")
                        + " (API p99 < 200 ms: " + (p99 < 200) + ", every alert delivered: " + missing.isEmpty()
                        + ", API errors: " + apiErrors.get() + ")";
            }
        } finally {
            running.set(false);
            for (AutoCloseable c : closing) {
                try {
                    c.close();
                } catch (Exception e) {
                    // best effort
                }
            }
            System.out.println(verdict);
        }
        System.exit(verdict.contains("goals met") ? 0 : 1);
    }

    static String login(HttpClient http, String base) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", "192.0.2.1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"root\",\"password\":\"" + PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login failed: " + r.statusCode());
        }
        String c = r.headers().firstValue("Set-Cookie").orElseThrow();
        return c.substring(0, c.indexOf(';'));
    }

    static int post(HttpClient http, String base, String user, String address) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + "/api/login")).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("X-Forwarded-For", address)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"guess\"}")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static void stream(int port, String cookie, AtomicBoolean running, AtomicLong events, AtomicInteger open, AtomicInteger refused) {
        while (running.get()) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write(("GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/event-stream\r\nCookie: "
                        + cookie + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                s.setSoTimeout(1_000);
                InputStream in = s.getInputStream();
                byte[] buf = new byte[8192];
                StringBuilder head = new StringBuilder();
                boolean counted = false;
                while (running.get()) {
                    int n;
                    try {
                        n = in.read(buf);
                    } catch (java.net.SocketTimeoutException e) {
                        continue;
                    }
                    if (n < 0) {
                        break;
                    }
                    if (!counted) {
                        head.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                        if (head.indexOf("\r\n") > 0) {
                            counted = true;
                            if (head.toString().startsWith("HTTP/1.1 200")) {
                                open.incrementAndGet();
                            } else {
                                refused.incrementAndGet();
                                sleep(1_000);
                                break;
                            }
                        }
                    }
                    for (int i = 0; i + 3 < n; i++) {
                        if (buf[i] == 'i' && buf[i + 1] == 'd' && buf[i + 2] == ':' && (i == 0 || buf[i - 1] == '\n')) {
                            events.incrementAndGet();
                        }
                    }
                }
            } catch (java.io.IOException e) {
                sleep(200);
            }
        }
    }

    static void slowLoris(int port, AtomicBoolean running, AtomicInteger cutOff) {
        byte[] request = ("GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "x".repeat(4000) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        while (running.get()) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                OutputStream out = s.getOutputStream();
                for (int i = 0; i < request.length && running.get(); i++) {
                    out.write(request[i]);
                    out.flush();
                    sleep(1_000);
                }
            } catch (java.io.IOException e) {
                cutOff.incrementAndGet();
            }
        }
    }

    static Alert alert(String id, String channel) {
        return new Alert(id, Rule.PRICE_BELOW_GUIDE, AlertStatus.FIRING, Severity.WARNING, T0, T0, channel, ChannelType.DEALER, "P", "R", "O-1", "SKU-1",
                null, null, "SKU-1 below guide", AlertDetails.price(BigDecimal.ONE, BigDecimal.TEN, BigDecimal.ONE, "CNY", "POS"),
                List.of("ev-" + id));
    }

    static void send(KafkaProducer<String, String> producer, String topic, String key, Object value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, Json.mapper().writeValueAsString(value)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

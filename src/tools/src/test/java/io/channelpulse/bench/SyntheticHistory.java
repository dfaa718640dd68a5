package io.channelpulse.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;

/**
 * Writes a seeded synthetic replay directory for benchmarking: {@code events} POS lines, as many
 * price checks, a quarter as many orders (created and mostly answered) and inventory movements,
 * across 200 channels, 2,000 outlets and 500 SKUs over one day. Not a realistic simulation (that is
 * the simulator's job); just enough variety to exercise every operator.
 *
 * <p>Usage: {@code SyntheticHistory DIR EVENTS [SEED]}
 */
public final class SyntheticHistory {

    private static final Instant START = Instant.parse("2026-11-29T00:00:00Z");

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int events = Integer.parseInt(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42L;
        write(dir, events, seed);
    }

    public static void write(Path dir, int events, long seed) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(seed);
        int channels = 200;
        int outlets = 2000;
        int skus = 500;
        long spanMillis = 86_400_000L;
        try (BufferedWriter guides = writer(dir, "guide-prices");
                BufferedWriter partners = writer(dir, "partners")) {
            for (int s = 0; s < skus; s++) {
                guides.write(String.format("{\"sku\":\"SKU-%d\",\"guidePrice\":%d.00,\"effectiveFrom\":\"2026-11-01T00:00:00Z\"}%n", s, 50 + s % 200));
            }
            for (int c = 0; c < channels; c++) {
                partners.write(String.format("{\"partnerId\":\"P-%d\",\"channelId\":\"CH-%d\",\"channelType\":\"DEALER\",\"authorizedRegions\":[\"R-%d\"]}%n", c, c, c % 10));
            }
        }
        try (BufferedWriter sales = writer(dir, "pos-sales");
                BufferedWriter prices = writer(dir, "prices");
                BufferedWriter orders = writer(dir, "orders");
                BufferedWriter inventory = writer(dir, "inventory")) {
            for (int i = 0; i < events; i++) {
                // Monotonic time with a little jitter, well inside the 2-minute bound.
                long t = START.toEpochMilli() + i * spanMillis / events + random.nextInt(30_000);
                int outlet = random.nextInt(outlets);
                int channel = outlet % channels;
                int sku = random.nextInt(skus);
                int guide = 50 + sku % 200;
                String price = random.nextInt(20) == 0 ? (guide * 80 / 100) + ".00" : guide + ".00";
                String common = String.format("\"channelId\":\"CH-%d\",\"partnerId\":\"P-%d\",\"outletId\":\"O-%d\",\"regionId\":\"R-%d\",\"sku\":\"SKU-%d\"",
                        channel, channel, outlet, channel % 10, sku);
                sales.write(String.format("{\"eventId\":\"s-%d\",\"eventTime\":%d,%s,\"quantity\":%d,\"unitPrice\":%s,\"batchCode\":\"B-%d\"}%n",
                        i, t, common, 1 + random.nextInt(3), price, random.nextInt(events / 10 + 1)));
                prices.write(String.format("{\"eventId\":\"p-%d\",\"eventTime\":%d,%s,\"price\":%s,\"source\":\"SHELF\"}%n", i, t, common, price));
                if (i % 4 == 0) {
                    orders.write(String.format("{\"eventId\":\"o-%dc\",\"eventTime\":%d,\"orderId\":\"ORD-%d\",\"channelId\":\"CH-%d\",\"partnerId\":\"P-%d\",\"status\":\"CREATED\"}%n", i, t, i, channel, channel));
                    inventory.write(String.format("{\"eventId\":\"i-%d\",\"eventTime\":%d,%s,\"movement\":\"RECEIPT\",\"quantity\":10,\"batchCode\":\"B-%d\"}%n", i, t, common, i / 10));
                }
                if (i % 4 == 1) {
                    int order = i - 1;
                    orders.write(String.format("{\"eventId\":\"o-%da\",\"eventTime\":%d,\"orderId\":\"ORD-%d\",\"channelId\":\"CH-%d\",\"partnerId\":\"P-%d\",\"status\":\"ACKNOWLEDGED\"}%n", order, t + 60_000, order, channel, channel));
                }
            }
        }
    }

    private static BufferedWriter writer(Path dir, String stream) throws IOException {
        return Files.newBufferedWriter(dir.resolve(stream + ".jsonl"), StandardCharsets.UTF_8);
    }
}

package io.channelpulse.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.config.ConfigLoader;
import io.channelpulse.config.InputBounds;
import io.channelpulse.model.ChannelCost;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.CostCategory;
import io.channelpulse.model.DeadLetter;
import io.channelpulse.model.GuidePrice;
import io.channelpulse.model.InventoryMovement;
import io.channelpulse.model.MovementType;
import io.channelpulse.model.OrderEvent;
import io.channelpulse.model.OrderStatus;
import io.channelpulse.model.Partner;
import io.channelpulse.model.PartnerTier;
import io.channelpulse.model.PosSale;
import io.channelpulse.model.PriceCheck;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The input contract of all seven streams, through the same entry point the file and Kafka sources
 * use: a valid record becomes its event, anything else becomes a dead letter naming the reason and
 * field and keeping the payload and origin.
 */
class EventParsersTest {

    private static final Instant BEGINNING = Instant.parse("2026-11-29T08:05:00Z");
    private static final String BEGINNING_ISO = "2026-11-29T08:05:00Z";
    private static final RecordOrigin ORIGIN = RecordOrigin.file("x", "x.jsonl", 1);

    // ---------------------------------------------------------------- fixtures

    /** A JSON object built field by field; values are raw JSON so any type can be written. */
    static final class Payload {
        private final Map<String, String> fields = new LinkedHashMap<>();

        Payload text(String field, String value) {
            fields.put(field, '"' + value + '"');
            return this;
        }

        Payload raw(String field, String json) {
            fields.put(field, json);
            return this;
        }

        Payload without(String field) {
            fields.remove(field);
            return this;
        }

        String json() {
            StringBuilder out = new StringBuilder("{");
            fields.forEach((k, v) -> out.append(out.length() > 1 ? "," : "")
                    .append('"').append(k).append("\":").append(v));
            return out.append('}').toString();
        }

        @Override
        public String toString() {
            return json();
        }
    }

    static Payload posSale() {
        return new Payload()
                .text("eventId", "s-1").text("eventTime", BEGINNING_ISO)
                .text("channelId", "CH-DEALER").text("partnerId", "P-DEALER-1")
                .text("outletId", "O-1").text("regionId", "R-EAST").text("sku", "SKU-1")
                .raw("quantity", "2").raw("unitPrice", "94.99").text("currency", "CNY")
                .text("batchCode", "B-1");
    }

    static Payload priceCheck() {
        return new Payload()
                .text("eventId", "p-1").text("eventTime", BEGINNING_ISO)
                .text("channelId", "CH-ONLINE").text("partnerId", "P-ONLINE-1")
                .text("outletId", "WEB-1").text("regionId", "R-EAST").text("sku", "SKU-1")
                .raw("price", "89.90").text("currency", "CNY").text("source", "WEB");
    }

    static Payload receipt() {
        return new Payload()
                .text("eventId", "inv-1").text("eventTime", BEGINNING_ISO)
                .text("channelId", "CH-DEALER").text("partnerId", "P-DEALER-1")
                .text("outletId", "O-1").text("regionId", "R-EAST").text("sku", "SKU-1")
                .text("movement", "RECEIPT").raw("quantity", "10").text("batchCode", "B-1");
    }

    static Payload snapshot() {
        return new Payload()
                .text("eventId", "inv-3").text("eventTime", BEGINNING_ISO)
                .text("channelId", "CH-DEALER").text("partnerId", "P-DEALER-1")
                .text("outletId", "O-1").text("regionId", "R-EAST").text("sku", "SKU-1")
                .text("movement", "SNAPSHOT").raw("onHand", "7");
    }

    static Payload order() {
        return new Payload()
                .text("eventId", "o-1c").text("eventTime", BEGINNING_ISO).text("orderId", "ORD-1")
                .text("channelId", "CH-DEALER").text("partnerId", "P-DEALER-1")
                .text("status", "CREATED");
    }

    static Payload channelCost() {
        return new Payload()
                .text("eventId", "c-1").text("eventTime", BEGINNING_ISO).text("period", "2026-11")
                .text("channelId", "CH-STORE").text("partnerId", "P-STORE-1").text("outletId", "O-7")
                .text("category", "RENT").raw("amount", "12500.50").text("currency", "CNY");
    }

    static Payload guidePrice() {
        return new Payload()
                .text("sku", "SKU-1").raw("guidePrice", "100.00").text("currency", "CNY")
                .text("effectiveFrom", BEGINNING_ISO);
    }

    static Payload partner() {
        return new Payload()
                .text("partnerId", "P-DEALER-1").text("channelId", "CH-DEALER")
                .text("channelType", "DEALER").raw("authorizedRegions", "[\"R-EAST\",\"R-NORTH\"]")
                .text("tier", "CORE").text("name", "East Dealer");
    }

    private static <T> T parsesTo(EventStream<T> stream, Payload payload) {
        return parsesTo(stream, payload.json());
    }

    private static <T> T parsesTo(EventStream<T> stream, String payload) {
        Parsed<T> parsed = stream.parse(payload, ORIGIN);
        assertThat(parsed.deadLetter()).as("dead letter for %s", payload).isNull();
        assertThat(parsed.isOk()).isTrue();
        assertThat(parsed.origin()).isEqualTo(ORIGIN);
        assertThat(parsed.payload()).isEqualTo(payload);
        return parsed.event();
    }

    private static DeadLetter deadLetter(EventStream<?> stream, String payload, RecordOrigin origin) {
        Parsed<?> parsed = stream.parse(payload, origin);
        assertThat(parsed.isOk()).as("%s should be rejected", payload).isFalse();
        assertThat(parsed.event()).isNull();
        assertThat(parsed.deadLetter()).isNotNull();
        return parsed.deadLetter();
    }

    /** Asserts the full dead-letter contract and returns the dead letter for further checks. */
    private static DeadLetter rejected(EventStream<?> stream, Payload payload, String reason, String field) {
        String json = payload.json();
        DeadLetter dead = deadLetter(stream, json, ORIGIN);
        assertThat(dead.reason()).as("reason for %s", json).isEqualTo(reason);
        assertThat(dead.field()).as("field for %s", json).isEqualTo(field);
        assertThat(dead.message()).contains("'" + field + "'");
        assertThat(dead.payload()).isEqualTo(json);
        assertThat(dead.stream()).isEqualTo("x");
        assertThat(dead.file()).isEqualTo("x.jsonl");
        assertThat(dead.line()).isEqualTo(1L);
        assertThat(dead.topic()).isNull();
        assertThat(dead.partition()).isNull();
        assertThat(dead.offset()).isNull();
        return dead;
    }

    // ---------------------------------------------------------------- valid records

    @Nested
    class ValidRecords {

        @Test
        void posSaleParsesEveryField() {
            assertThat(parsesTo(EventStream.POS_SALES, posSale())).isEqualTo(new PosSale(
                    "s-1", BEGINNING, "CH-DEALER", "P-DEALER-1", "O-1", "R-EAST", "SKU-1", 2,
                    new BigDecimal("94.99"), "CNY", "B-1"));
        }

        @Test
        void posSaleWithoutOptionalFieldsDefaultsCurrencyAndLeavesBatchEmpty() {
            PosSale sale = parsesTo(EventStream.POS_SALES, posSale().without("currency").without("batchCode"));

            assertThat(sale.currency()).isEqualTo("CNY");
            assertThat(sale.batchCode()).isNull();
        }

        @Test
        void priceCheckParsesEveryField() {
            PriceCheck check = parsesTo(EventStream.PRICES, priceCheck().text("currency", "USD"));

            assertThat(check).usingRecursiveComparison().withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                    .isEqualTo(new PriceCheck("p-1", BEGINNING, "CH-ONLINE", "P-ONLINE-1", "WEB-1", "R-EAST",
                            "SKU-1", new BigDecimal("89.90"), "USD", "WEB"));
        }

        @Test
        void priceCheckSourceIsOptional() {
            assertThat(parsesTo(EventStream.PRICES, priceCheck().without("source")).source()).isNull();
        }

        @Test
        void receiptCarriesQuantityAndZeroOnHand() {
            assertThat(parsesTo(EventStream.INVENTORY, receipt())).isEqualTo(new InventoryMovement(
                    "inv-1", BEGINNING, "CH-DEALER", "P-DEALER-1", "O-1", "R-EAST", "SKU-1",
                    MovementType.RECEIPT, 10, 0, "B-1"));
        }

        @Test
        void snapshotCarriesOnHandAndZeroQuantity() {
            assertThat(parsesTo(EventStream.INVENTORY, snapshot())).isEqualTo(new InventoryMovement(
                    "inv-3", BEGINNING, "CH-DEALER", "P-DEALER-1", "O-1", "R-EAST", "SKU-1",
                    MovementType.SNAPSHOT, 0, 7, null));
        }

        @Test
        void orderParsesEveryField() {
            assertThat(parsesTo(EventStream.ORDERS, order())).isEqualTo(new OrderEvent(
                    "o-1c", BEGINNING, "ORD-1", "CH-DEALER", "P-DEALER-1", OrderStatus.CREATED));
        }

        @Test
        void guidePriceParsesEveryField() {
            GuidePrice guide = parsesTo(EventStream.GUIDE_PRICES, guidePrice());

            assertThat(guide.sku()).isEqualTo("SKU-1");
            assertThat(guide.guidePrice()).isEqualByComparingTo("100.00");
            assertThat(guide.currency()).isEqualTo("CNY");
            assertThat(guide.effectiveFrom()).isEqualTo(BEGINNING);
        }

        @Test
        void partnerParsesEveryField() {
            assertThat(parsesTo(EventStream.PARTNERS, partner())).isEqualTo(new Partner(
                    "P-DEALER-1", "CH-DEALER", ChannelType.DEALER, List.of("R-EAST", "R-NORTH"),
                    PartnerTier.CORE, "East Dealer"));
        }

        @Test
        void partnerTierAndNameAreOptional() {
            Partner p = parsesTo(EventStream.PARTNERS, partner().without("tier").raw("name", "null"));

            assertThat(p.tier()).isNull();
            assertThat(p.name()).isNull();
        }

        @Test
        void partnerRegionsKeepTheirOrder() {
            Partner p = parsesTo(EventStream.PARTNERS, partner().raw("authorizedRegions", "[\"R-WEST\",\"R-EAST\"]"));

            assertThat(p.authorizedRegions()).containsExactly("R-WEST", "R-EAST");
        }

        @Test
        void fieldOrderDoesNotMatter() {
            String reordered = "{\"unitPrice\":94.99,\"quantity\":2,\"sku\":\"SKU-1\",\"regionId\":\"R-EAST\","
                    + "\"outletId\":\"O-1\",\"partnerId\":\"P-DEALER-1\",\"channelId\":\"CH-DEALER\","
                    + "\"eventTime\":\"" + BEGINNING_ISO + "\",\"eventId\":\"s-1\",\"batchCode\":\"B-1\"}";

            assertThat(parsesTo(EventStream.POS_SALES, reordered))
                    .isEqualTo(parsesTo(EventStream.POS_SALES, posSale().without("currency")));
        }
    }

    static Stream<Arguments> validPayloads() {
        return Stream.of(
                Arguments.of(EventStream.POS_SALES, posSale()),
                Arguments.of(EventStream.PRICES, priceCheck()),
                Arguments.of(EventStream.INVENTORY, receipt()),
                Arguments.of(EventStream.INVENTORY, snapshot()),
                Arguments.of(EventStream.ORDERS, order()),
                Arguments.of(EventStream.CHANNEL_COSTS, channelCost()),
                Arguments.of(EventStream.GUIDE_PRICES, guidePrice()),
                Arguments.of(EventStream.PARTNERS, partner()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validPayloads")
    void unknownExtraFieldsAreIgnored(EventStream<?> stream, Payload payload) {
        Object plain = parsesTo(stream, payload.json());
        Object withExtras = parsesTo(stream, payload
                .raw("unexpected", "{\"nested\":[1,2,{\"deep\":null}]}")
                .raw("schemaVersion", "3")
                .text("comment", "ignored"));

        assertThat(withExtras).isEqualTo(plain);
    }

    // ---------------------------------------------------------------- currency

    @Nested
    class Currency {

        @Test
        void missingCurrencyDefaultsToCnyOnEveryPricedStream() {
            assertThat(parsesTo(EventStream.POS_SALES, posSale().without("currency")).currency()).isEqualTo("CNY");
            assertThat(parsesTo(EventStream.PRICES, priceCheck().without("currency")).currency()).isEqualTo("CNY");
            assertThat(parsesTo(EventStream.GUIDE_PRICES, guidePrice().without("currency")).currency()).isEqualTo("CNY");
        }

        @Test
        void nullCurrencyAlsoDefaultsToCny() {
            assertThat(parsesTo(EventStream.POS_SALES, posSale().raw("currency", "null")).currency()).isEqualTo("CNY");
        }

        @Test
        void explicitCurrencyIsKept() {
            assertThat(parsesTo(EventStream.GUIDE_PRICES, guidePrice().text("currency", "HKD")).currency()).isEqualTo("HKD");
        }

        @ParameterizedTest(name = "[{index}] <{0}>")
        @ValueSource(strings = {"cny", "CN", "CNYY", "C1Y", "", " "})
        void malformedCurrencyIsAConstraintViolation(String code) {
            rejected(EventStream.POS_SALES, posSale().text("currency", code), DeadLetter.CONSTRAINT, "currency");
        }

        @Test
        void numericCurrencyIsTheWrongType() {
            rejected(EventStream.PRICES, priceCheck().raw("currency", "156"), DeadLetter.WRONG_TYPE, "currency");
        }
    }

    // ---------------------------------------------------------------- time

    @Nested
    class EventTime {

        @Test
        void isoWithZuluOffsetIsAccepted() {
            assertThat(parsesTo(EventStream.ORDERS, order().text("eventTime", "2026-11-29T08:05:00Z")).eventTime())
                    .isEqualTo(BEGINNING);
        }

        @Test
        void isoWithBeijingOffsetIsConvertedToTheSameInstant() {
            assertThat(parsesTo(EventStream.ORDERS, order().text("eventTime", "2026-11-29T16:05:00+08:00")).eventTime())
                    .isEqualTo(BEGINNING);
        }

        @Test
        void isoWithFractionalSecondsKeepsThem() {
            assertThat(parsesTo(EventStream.ORDERS, order().text("eventTime", "2026-11-29T08:05:00.123Z")).eventTime())
                    .isEqualTo(BEGINNING.plusMillis(123));
        }

        @Test
        void epochMillisAreAccepted() {
            Payload payload = order().raw("eventTime", Long.toString(BEGINNING.toEpochMilli()));

            assertThat(parsesTo(EventStream.ORDERS, payload).eventTime()).isEqualTo(BEGINNING);
        }

        @Test
        void epochMillisAreNotMistakenForSeconds() {
            Payload payload = order().raw("eventTime", "1764000000000");

            assertThat(parsesTo(EventStream.ORDERS, payload).eventTime()).isEqualTo(Instant.ofEpochMilli(1_764_000_000_000L));
        }

        @Test
        void guidePriceEffectiveFromAcceptsTheSameFormats() {
            assertThat(parsesTo(EventStream.GUIDE_PRICES, guidePrice().text("effectiveFrom", "2026-11-29T16:05:00+08:00"))
                    .effectiveFrom()).isEqualTo(BEGINNING);
            assertThat(parsesTo(EventStream.GUIDE_PRICES, guidePrice().raw("effectiveFrom", Long.toString(BEGINNING.toEpochMilli())))
                    .effectiveFrom()).isEqualTo(BEGINNING);
        }

        @Test
        void isoWithoutOffsetIsRejectedBecauseItIsAmbiguous() {
            DeadLetter dead = rejected(EventStream.POS_SALES, posSale().text("eventTime", "2026-11-29T08:05:00"),
                    DeadLetter.WRONG_TYPE, "eventTime");

            assertThat(dead.eventTime()).isNull();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"\"2026-11-29\"", "\"yesterday\"", "\"1795939500000\"", "1.7959395E12", "true",
                "{}", "[]", "\"2026-13-01T00:00:00Z\""})
        void unreadableTimesAreTheWrongType(String json) {
            rejected(EventStream.ORDERS, order().raw("eventTime", json), DeadLetter.WRONG_TYPE, "eventTime");
        }

        @Test
        void unreadableEffectiveFromNamesThatField() {
            rejected(EventStream.GUIDE_PRICES, guidePrice().text("effectiveFrom", "2026-11-29T08:05:00"),
                    DeadLetter.WRONG_TYPE, "effectiveFrom");
        }
    }

    // ---------------------------------------------------------------- money

    @Nested
    class Money {

        @Test
        void unitPriceIsExact() {
            assertThat(parsesTo(EventStream.POS_SALES, posSale()).unitPrice()).isEqualByComparingTo(new BigDecimal("94.99"));
        }

        @Test
        void decimalFractionsAddUpExactly() {
            BigDecimal a = parsesTo(EventStream.PRICES, priceCheck().raw("price", "0.1")).price();
            BigDecimal b = parsesTo(EventStream.PRICES, priceCheck().raw("price", "0.2")).price();

            assertThat(a.add(b)).isEqualByComparingTo("0.3");
            assertThat(0.1 + 0.2).isNotEqualTo(0.3); // the trap the parser must avoid
        }

        @Test
        void theLargestPriceWithFourDecimalsIsKeptExactly() {
            BigDecimal price = parsesTo(EventStream.GUIDE_PRICES, guidePrice().raw("guidePrice", "9999999.9999"))
                    .guidePrice();

            assertThat(price).isEqualTo(new BigDecimal("9999999.9999"));
        }

        @Test
        void integralMoneyIsAccepted() {
            assertThat(parsesTo(EventStream.POS_SALES, posSale().raw("unitPrice", "100")).unitPrice())
                    .isEqualByComparingTo("100");
        }

        @Test
        void smallestPositiveAmountIsAccepted() {
            assertThat(parsesTo(EventStream.POS_SALES, posSale().raw("unitPrice", "0.01")).unitPrice())
                    .isEqualByComparingTo("0.01");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"0", "0.00", "-1", "-94.99"})
        void zeroOrNegativeUnitPriceIsAConstraintViolation(String json) {
            rejected(EventStream.POS_SALES, posSale().raw("unitPrice", json), DeadLetter.CONSTRAINT, "unitPrice");
        }

        @Test
        void zeroPriceCheckAndGuidePriceAreConstraintViolations() {
            rejected(EventStream.PRICES, priceCheck().raw("price", "0"), DeadLetter.CONSTRAINT, "price");
            rejected(EventStream.GUIDE_PRICES, guidePrice().raw("guidePrice", "-5.00"), DeadLetter.CONSTRAINT, "guidePrice");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"\"94.99\"", "true", "[94.99]", "{\"amount\":94.99}"})
        void moneyThatIsNotAJsonNumberIsTheWrongType(String json) {
            rejected(EventStream.POS_SALES, posSale().raw("unitPrice", json), DeadLetter.WRONG_TYPE, "unitPrice");
        }

        @Test
        void quotedGuidePriceIsTheWrongType() {
            rejected(EventStream.GUIDE_PRICES, guidePrice().text("guidePrice", "50.00"), DeadLetter.WRONG_TYPE, "guidePrice");
        }
    }

    // ---------------------------------------------------------------- quantities

    @Nested
    class Quantities {

        @Test
        void quantityOfOneIsTheSmallestAccepted() {
            assertThat(parsesTo(EventStream.POS_SALES, posSale().raw("quantity", "1")).quantity()).isEqualTo(1);
        }

        @Test
        void theMaximumQuantityIsAccepted() {
            assertThat(parsesTo(EventStream.POS_SALES, posSale().raw("quantity", "1000000"))
                    .quantity()).isEqualTo(1_000_000);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"1000001", "2147483648", "99999999999999999999999"})
        void quantityAboveTheMaximumIsOutOfRange(String json) {
            DeadLetter dead = rejected(EventStream.POS_SALES, posSale().raw("quantity", json), DeadLetter.OUT_OF_RANGE, "quantity");

            assertThat(dead.message()).contains("input.max-quantity");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"0", "-1"})
        void quantityOutsideOneToIntMaxIsAConstraintViolation(String json) {
            DeadLetter dead = rejected(EventStream.POS_SALES, posSale().raw("quantity", json), DeadLetter.CONSTRAINT, "quantity");

            assertThat(dead.message()).contains(json);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"1.5", "2.0", "\"2\"", "true", "[2]", "1e2"})
        void quantityThatIsNotAnIntegerIsTheWrongType(String json) {
            rejected(EventStream.POS_SALES, posSale().raw("quantity", json), DeadLetter.WRONG_TYPE, "quantity");
        }

        @Test
        void receiptRequiresAPositiveQuantity() {
            rejected(EventStream.INVENTORY, receipt().raw("quantity", "0"), DeadLetter.CONSTRAINT, "quantity");
            rejected(EventStream.INVENTORY, receipt().without("quantity"), DeadLetter.MISSING_FIELD, "quantity");
        }

        @Test
        void receiptDoesNotRequireOnHandAndIgnoresIt() {
            assertThat(parsesTo(EventStream.INVENTORY, receipt().without("onHand")).onHand()).isZero();
            assertThat(parsesTo(EventStream.INVENTORY, receipt().raw("onHand", "-1")).onHand()).isZero();
        }

        @Test
        void snapshotOfAnEmptyShelfIsAccepted() {
            InventoryMovement empty = parsesTo(EventStream.INVENTORY, snapshot().raw("onHand", "0"));

            assertThat(empty.movement()).isEqualTo(MovementType.SNAPSHOT);
            assertThat(empty.onHand()).isZero();
        }

        @Test
        void snapshotRequiresNonNegativeOnHand() {
            rejected(EventStream.INVENTORY, snapshot().raw("onHand", "-1"), DeadLetter.CONSTRAINT, "onHand");
            rejected(EventStream.INVENTORY, snapshot().without("onHand"), DeadLetter.MISSING_FIELD, "onHand");
            rejected(EventStream.INVENTORY, snapshot().raw("onHand", "\"3\""), DeadLetter.WRONG_TYPE, "onHand");
            rejected(EventStream.INVENTORY, snapshot().raw("onHand", "2.5"), DeadLetter.WRONG_TYPE, "onHand");
        }

        @Test
        void snapshotDoesNotRequireQuantityAndIgnoresIt() {
            assertThat(parsesTo(EventStream.INVENTORY, snapshot()).quantity()).isZero();
            assertThat(parsesTo(EventStream.INVENTORY, snapshot().raw("quantity", "-5")).quantity()).isZero();
        }
    }

    // ---------------------------------------------------------------- enums

    @Nested
    class Enums {

        @Test
        void lowerCaseAndPaddedEnumValuesAreAccepted() {
            assertThat(parsesTo(EventStream.ORDERS, order().text("status", "shipped")).status()).isEqualTo(OrderStatus.SHIPPED);
            assertThat(parsesTo(EventStream.ORDERS, order().text("status", " Acknowledged ")).status())
                    .isEqualTo(OrderStatus.ACKNOWLEDGED);
            assertThat(parsesTo(EventStream.INVENTORY, receipt().text("movement", "receipt")).movement())
                    .isEqualTo(MovementType.RECEIPT);
            assertThat(parsesTo(EventStream.PARTNERS, partner().text("channelType", "direct_store")).channelType())
                    .isEqualTo(ChannelType.DIRECT_STORE);
            assertThat(parsesTo(EventStream.PARTNERS, partner().text("tier", "quality")).tier())
                    .isEqualTo(PartnerTier.QUALITY);
        }

        @Test
        void unknownOrderStatusIsAConstraintViolationListingTheAllowedValues() {
            DeadLetter dead = rejected(EventStream.ORDERS, order().text("status", "LOST"), DeadLetter.CONSTRAINT, "status");

            assertThat(dead.message()).contains("LOST").contains("CREATED").contains("CANCELLED");
            assertThat(dead.eventTime()).isEqualTo(BEGINNING);
        }

        @Test
        void unknownValuesOfEveryEnumAreConstraintViolations() {
            rejected(EventStream.INVENTORY, receipt().text("movement", "TRANSFER"), DeadLetter.CONSTRAINT, "movement");
            rejected(EventStream.PARTNERS, partner().text("channelType", "KIOSK"), DeadLetter.CONSTRAINT, "channelType");
            rejected(EventStream.PARTNERS, partner().text("tier", "GOLD"), DeadLetter.CONSTRAINT, "tier");
            rejected(EventStream.ORDERS, order().text("status", ""), DeadLetter.CONSTRAINT, "status");
        }

        @Test
        void nonStringEnumIsTheWrongType() {
            rejected(EventStream.ORDERS, order().raw("status", "1"), DeadLetter.WRONG_TYPE, "status");
            rejected(EventStream.PARTNERS, partner().raw("tier", "true"), DeadLetter.WRONG_TYPE, "tier");
        }
    }

    // ---------------------------------------------------------------- channel costs

    @Nested
    class ChannelCosts {

        private static final InputBounds BOUNDS = InputBounds.defaults();

        private static ChannelCost cost(Payload payload) {
            return parsesTo(EventStream.CHANNEL_COSTS, payload);
        }

        private static DeadLetter rejectedCost(Payload payload, String reason, String field) {
            return rejected(EventStream.CHANNEL_COSTS, payload, reason, field);
        }

        @Test
        void channelCostParsesEveryField() {
            assertThat(cost(channelCost())).isEqualTo(new ChannelCost(
                    "c-1", BEGINNING, "2026-11", "CH-STORE", "P-STORE-1", "O-7", CostCategory.RENT,
                    new BigDecimal("12500.50"), "CNY"));
        }

        @Test
        void aCostOfTheWholeChannelNeedsNoPartnerOutletOrCurrency() {
            ChannelCost c = cost(channelCost().without("partnerId").raw("outletId", "null").without("currency"));

            assertThat(c.partnerId()).isNull();
            assertThat(c.outletId()).isNull();
            assertThat(c.currency()).isEqualTo("CNY");
        }

        @Test
        void blankOptionalIdsAreConstraintViolationsNotAbsence() {
            rejectedCost(channelCost().text("partnerId", " "), DeadLetter.CONSTRAINT, "partnerId");
            rejectedCost(channelCost().raw("outletId", "7"), DeadLetter.WRONG_TYPE, "outletId");
        }

        @Test
        void aMissingChannelIdIsAMissingField() {
            DeadLetter dead = rejectedCost(channelCost().without("channelId"), DeadLetter.MISSING_FIELD, "channelId");

            assertThat(dead.eventTime()).isEqualTo(BEGINNING);
        }

        @Test
        void everyCategoryIsAcceptedInAnyCase() {
            for (CostCategory category : CostCategory.values()) {
                assertThat(cost(channelCost().text("category", category.name().toLowerCase())).category())
                        .isEqualTo(category);
            }
        }

        @Test
        void anUnknownCategoryNamesTheFieldAndTheAllowedValues() {
            DeadLetter dead = rejectedCost(channelCost().text("category", "BRIBES"), DeadLetter.CONSTRAINT, "category");

            assertThat(dead.message()).contains("BRIBES")
                    .contains("[COGS, MARKETING, REBATE, LOGISTICS, STAFF, RENT, OTHER]");
            rejectedCost(channelCost().raw("category", "3"), DeadLetter.WRONG_TYPE, "category");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"2026-01", "2026-12", "2000-01", "2099-12"})
        void aMonthFromJanuaryToDecemberWithinTheAcceptedYearsIsAPeriod(String period) {
            assertThat(cost(channelCost().text("period", period)).period()).isEqualTo(period);
        }

        @ParameterizedTest(name = "<{0}>")
        @ValueSource(strings = {"2026-13", "2026-00", "2026-1", "26-01", "2026-001", "2026/01", "2026-01-01",
                " 2026-01", "2026-01 ", "２０２６-01", "+2026-01", "2026-W01", ""})
        void aPeriodThatIsNotYyyyMmIsAConstraintViolation(String period) {
            DeadLetter dead = rejectedCost(channelCost().text("period", period), DeadLetter.CONSTRAINT, "period");

            assertThat(dead.message()).contains("YYYY-MM");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"202601", "2026.01", "true", "[\"2026-01\"]", "{}"})
        void aPeriodThatIsNotAStringIsTheWrongType(String json) {
            rejectedCost(channelCost().raw("period", json), DeadLetter.WRONG_TYPE, "period");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"1999-12", "2100-01", "0000-01", "9999-12"})
        void aPeriodOutsideTheAcceptedEventTimesIsOutOfRange(String period) {
            DeadLetter dead = rejectedCost(channelCost().text("period", period), DeadLetter.OUT_OF_RANGE, "period");

            assertThat(dead.message()).contains("2000-01").contains("2099-12")
                    .contains("input.earliest-event-time").contains(period);
        }

        @Test
        void theAcceptedPeriodsFollowTheConfiguredEventTimes() {
            InputBounds narrow = ConfigLoader.parse("""
                    input:
                      earliest-event-time: 2026-03-15T00:00:00Z
                      latest-event-time: 2027-01-01T00:00:00Z
                    """).input();

            assertThat(EventStream.CHANNEL_COSTS.parse(channelCost().text("period", "2026-03").json(), ORIGIN, narrow, null)
                    .isOk()).isTrue();
            assertThat(EventStream.CHANNEL_COSTS.parse(channelCost().text("period", "2026-12").json(), ORIGIN, narrow, null)
                    .isOk()).isTrue();
            for (String outside : List.of("2026-02", "2027-01")) {
                DeadLetter dead = EventStream.CHANNEL_COSTS.parse(
                        channelCost().text("period", outside).json(), ORIGIN, narrow, null).deadLetter();
                assertThat(dead.reason()).as(outside).isEqualTo(DeadLetter.OUT_OF_RANGE);
                assertThat(dead.field()).isEqualTo("period");
                assertThat(dead.message()).contains("2026-03").contains("2026-12");
            }
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"0", "0.00", "-0.0", "-12500.50", "-0.0001", "0.0001", "100"})
        void zeroAndNegativeCorrectionsAreAccepted(String json) {
            assertThat(cost(channelCost().raw("amount", json)).amount()).isEqualByComparingTo(json);
        }

        @Test
        void theMaximumAmountIsAcceptedEitherWayAndOneUnitOfScaleBeyondIsNot() {
            assertThat(BOUNDS.maxCostAmount()).isEqualByComparingTo("1000000000000");
            assertThat(cost(channelCost().raw("amount", "1000000000000")).amount()).isEqualByComparingTo("1000000000000");
            assertThat(cost(channelCost().raw("amount", "-1000000000000")).amount()).isEqualByComparingTo("-1000000000000");
            assertThat(cost(channelCost().raw("amount", "999999999999.9999")).amount())
                    .isEqualTo(new BigDecimal("999999999999.9999"));

            for (String beyond : List.of("1000000000000.0001", "-1000000000000.0001", "1000000000001", "1E+13")) {
                DeadLetter dead = rejectedCost(channelCost().raw("amount", beyond), DeadLetter.OUT_OF_RANGE, "amount");
                assertThat(dead.message()).as(beyond).contains("input.max-cost-amount").contains("1000000000000");
            }
        }

        @Test
        void fourDecimalPlacesAreAcceptedAndFiveAreNot() {
            assertThat(cost(channelCost().raw("amount", "-0.0001")).amount()).isEqualTo(new BigDecimal("-0.0001"));
            assertThat(cost(channelCost().raw("amount", "-1.50000")).amount()).isEqualTo(new BigDecimal("-1.5000"));
            DeadLetter dead = rejectedCost(channelCost().raw("amount", "-0.00001"), DeadLetter.OUT_OF_RANGE, "amount");

            assertThat(dead.message()).contains("input.money-scale");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"1e999999999", "-1e999999999", "1e-999999999", "12345678901234567890",
                "-12345678901234567890"})
        void hugeOrTinyAmountsAreOutOfRangeAndNeverPrintedInPlainForm(String json) {
            DeadLetter dead = rejectedCost(channelCost().raw("amount", json), DeadLetter.OUT_OF_RANGE, "amount");

            assertThat(dead.message()).containsAnyOf("input.max-cost-amount", "input.money-scale");
            assertThat(dead.message().length()).isLessThan(300);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"\"100.00\"", "true", "[1]", "{\"value\":1}"})
        void anAmountThatIsNotAJsonNumberIsTheWrongType(String json) {
            rejectedCost(channelCost().raw("amount", json), DeadLetter.WRONG_TYPE, "amount");
        }

        @Test
        void theConfiguredMaximumIsTheBound() {
            InputBounds small = ConfigLoader.parse("input:\n  max-cost-amount: 500\n").input();

            assertThat(EventStream.CHANNEL_COSTS.parse(channelCost().raw("amount", "-500").json(), ORIGIN, small, null)
                    .isOk()).isTrue();
            DeadLetter dead = EventStream.CHANNEL_COSTS.parse(
                    channelCost().raw("amount", "-500.0001").json(), ORIGIN, small, null).deadLetter();
            assertThat(dead.field()).isEqualTo("amount");
            assertThat(dead.message()).contains("500 (input.max-cost-amount)");
        }

        @Test
        void aCostIsAnEventStreamWithAnIdAndATimestamp() {
            Parsed<ChannelCost> parsed = EventStream.CHANNEL_COSTS.parse(channelCost().json(), ORIGIN);

            assertThat(EventStream.CHANNEL_COSTS.isEventStream()).isTrue();
            assertThat(EventStream.CHANNEL_COSTS.idOf(parsed.event())).isEqualTo("c-1");
            assertThat(EventStream.CHANNEL_COSTS.timestampOf(parsed)).isEqualTo(BEGINNING.toEpochMilli());
            assertThat(EventStream.CHANNEL_COSTS.name()).isEqualTo("channel-costs");
            assertThat(EventStream.ALL).containsSubsequence(EventStream.ORDERS, EventStream.CHANNEL_COSTS,
                    EventStream.GUIDE_PRICES, EventStream.PARTNERS);
        }

        @Test
        void aLiveCostBookedAheadOfTheWallClockIsAFutureEvent() {
            Parsed<ChannelCost> future = EventStream.CHANNEL_COSTS.parse(channelCost().json(), ORIGIN,
                    BOUNDS, BEGINNING.minusSeconds(1));

            assertThat(future.deadLetter().reason()).isEqualTo(DeadLetter.FUTURE);
            assertThat(future.deadLetter().field()).isEqualTo("eventTime");
        }

        @Test
        void theFirstBadFieldInContractOrderIsReported() {
            rejectedCost(channelCost().text("period", "2026-13").text("category", "X").raw("amount", "\"1\""),
                    DeadLetter.CONSTRAINT, "period");
            rejectedCost(channelCost().text("category", "X").raw("amount", "\"1\""), DeadLetter.CONSTRAINT, "category");
        }
    }

    // ---------------------------------------------------------------- partners' regions

    @Nested
    class AuthorizedRegions {

        @Test
        void regionsThatAreNotAnArrayAreTheWrongType() {
            rejected(EventStream.PARTNERS, partner().text("authorizedRegions", "R-EAST"), DeadLetter.WRONG_TYPE, "authorizedRegions");
            rejected(EventStream.PARTNERS, partner().raw("authorizedRegions", "{\"R-EAST\":true}"), DeadLetter.WRONG_TYPE, "authorizedRegions");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"[\"R-EAST\",7]", "[null]", "[\"R-EAST\",\"\"]", "[\" \"]", "[[\"R-EAST\"]]"})
        void regionsMustAllBeNonBlankStrings(String json) {
            rejected(EventStream.PARTNERS, partner().raw("authorizedRegions", json), DeadLetter.WRONG_TYPE, "authorizedRegions");
        }

        @Test
        void repeatedRegionIsAConstraintViolation() {
            rejected(EventStream.PARTNERS, partner().raw("authorizedRegions", "[\"R-EAST\",\"R-WEST\",\"R-EAST\"]"),
                    DeadLetter.CONSTRAINT, "authorizedRegions");
        }

        @Test
        void missingRegionsAreAMissingField() {
            DeadLetter dead = rejected(EventStream.PARTNERS, partner().without("authorizedRegions"),
                    DeadLetter.MISSING_FIELD, "authorizedRegions");

            assertThat(dead.eventTime()).as("reference data has no event time").isNull();
        }
    }

    // ---------------------------------------------------------------- required fields

    static Stream<Arguments> requiredFields() {
        List<Arguments> out = new ArrayList<>();
        for (String f : List.of("eventId", "eventTime", "channelId", "partnerId", "outletId", "regionId", "sku",
                "quantity", "unitPrice")) {
            out.add(Arguments.of(EventStream.POS_SALES, posSale(), f));
        }
        for (String f : List.of("eventId", "eventTime", "channelId", "partnerId", "outletId", "regionId", "sku", "price")) {
            out.add(Arguments.of(EventStream.PRICES, priceCheck(), f));
        }
        for (String f : List.of("eventId", "eventTime", "channelId", "partnerId", "outletId", "regionId", "sku",
                "movement")) {
            out.add(Arguments.of(EventStream.INVENTORY, receipt(), f));
        }
        for (String f : List.of("eventId", "eventTime", "orderId", "channelId", "partnerId", "status")) {
            out.add(Arguments.of(EventStream.ORDERS, order(), f));
        }
        for (String f : List.of("eventId", "eventTime", "period", "channelId", "category", "amount")) {
            out.add(Arguments.of(EventStream.CHANNEL_COSTS, channelCost(), f));
        }
        for (String f : List.of("sku", "guidePrice", "effectiveFrom")) {
            out.add(Arguments.of(EventStream.GUIDE_PRICES, guidePrice(), f));
        }
        for (String f : List.of("partnerId", "channelId", "channelType", "authorizedRegions")) {
            out.add(Arguments.of(EventStream.PARTNERS, partner(), f));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} without {2}")
    @MethodSource("requiredFields")
    void absentRequiredFieldIsMissing(EventStream<?> stream, Payload valid, String field) {
        DeadLetter dead = rejected(stream, valid.without(field), DeadLetter.MISSING_FIELD, field);

        assertThat(dead.message()).contains("missing");
    }

    @ParameterizedTest(name = "{0} with null {2}")
    @MethodSource("requiredFields")
    void jsonNullCountsAsMissing(EventStream<?> stream, Payload valid, String field) {
        rejected(stream, valid.raw(field, "null"), DeadLetter.MISSING_FIELD, field);
    }

    static Stream<Arguments> idFields() {
        return Stream.of(
                Arguments.of(EventStream.POS_SALES, posSale(), "eventId"),
                Arguments.of(EventStream.POS_SALES, posSale(), "sku"),
                Arguments.of(EventStream.PRICES, priceCheck(), "outletId"),
                Arguments.of(EventStream.INVENTORY, snapshot(), "regionId"),
                Arguments.of(EventStream.ORDERS, order(), "orderId"),
                Arguments.of(EventStream.CHANNEL_COSTS, channelCost(), "channelId"),
                Arguments.of(EventStream.GUIDE_PRICES, guidePrice(), "sku"),
                Arguments.of(EventStream.PARTNERS, partner(), "partnerId"));
    }

    @ParameterizedTest(name = "{0} with blank {2}")
    @MethodSource("idFields")
    void blankIdIsAConstraintViolation(EventStream<?> stream, Payload valid, String field) {
        rejected(stream, valid.text(field, "   "), DeadLetter.CONSTRAINT, field);
    }

    @ParameterizedTest(name = "{0} with empty {2}")
    @MethodSource("idFields")
    void emptyIdIsAConstraintViolation(EventStream<?> stream, Payload valid, String field) {
        rejected(stream, valid.text(field, ""), DeadLetter.CONSTRAINT, field);
    }

    @ParameterizedTest(name = "{0} with numeric {2}")
    @MethodSource("idFields")
    void numericIdIsTheWrongType(EventStream<?> stream, Payload valid, String field) {
        DeadLetter dead = rejected(stream, valid.raw(field, "42"), DeadLetter.WRONG_TYPE, field);

        assertThat(dead.message()).contains("string").contains("42");
    }

    @Test
    void blankOptionalTextIsAConstraintViolationNotAbsence() {
        rejected(EventStream.POS_SALES, posSale().text("batchCode", ""), DeadLetter.CONSTRAINT, "batchCode");
        rejected(EventStream.PRICES, priceCheck().text("source", " "), DeadLetter.CONSTRAINT, "source");
        rejected(EventStream.PARTNERS, partner().raw("name", "7"), DeadLetter.WRONG_TYPE, "name");
    }

    // ---------------------------------------------------------------- not a JSON object

    @Nested
    class InvalidJson {

        @ParameterizedTest(name = "[{index}] <{0}>")
        @ValueSource(strings = {"not json", "{", "{\"eventId\":}", "{'eventId':'s-1'}", "[1,2]", "[]", "42", "\"text\"",
                "null", "", "   "})
        void anythingButAJsonObjectIsInvalidJson(String payload) {
            DeadLetter dead = deadLetter(EventStream.POS_SALES, payload, ORIGIN);

            assertThat(dead.reason()).isEqualTo(DeadLetter.INVALID_JSON);
            assertThat(dead.field()).isNull();
            assertThat(dead.message()).isNotBlank();
            assertThat(dead.payload()).isEqualTo(payload);
            assertThat(dead.eventTime()).isNull();
            assertThat(dead.stream()).isEqualTo("x");
            assertThat(dead.file()).isEqualTo("x.jsonl");
            assertThat(dead.line()).isEqualTo(1L);
        }

        @Test
        void arrayRootNamesTheStreamThatExpectedAnObject() {
            String payload = "[" + posSale().json() + "]";

            DeadLetter dead = deadLetter(EventStream.POS_SALES, payload, ORIGIN);

            assertThat(dead.reason()).isEqualTo(DeadLetter.INVALID_JSON);
            assertThat(dead.message()).contains("pos-sales").contains("JSON object");
        }

        @Test
        void truncatedLineIsInvalidJsonOnEveryStream() {
            for (EventStream<?> stream : EventStream.ALL) {
                String truncated = posSale().json().substring(0, 40);
                assertThat(deadLetter(stream, truncated, ORIGIN).reason()).as(stream.name())
                        .isEqualTo(DeadLetter.INVALID_JSON);
            }
        }
    }

    // ---------------------------------------------------------------- dead-letter metadata

    @Nested
    class DeadLetterMetadata {

        @Test
        void deadLetterKeepsTheEventTimeWhenItIsReadable() {
            DeadLetter dead = rejected(EventStream.POS_SALES, posSale().raw("quantity", "0"), DeadLetter.CONSTRAINT, "quantity");

            assertThat(dead.eventTime()).isEqualTo(BEGINNING);
        }

        @Test
        void deadLetterReadsEpochMillisAndOffsetsToo() {
            DeadLetter fromMillis = rejected(EventStream.ORDERS,
                    order().raw("eventTime", Long.toString(BEGINNING.toEpochMilli())).without("orderId"),
                    DeadLetter.MISSING_FIELD, "orderId");
            DeadLetter fromOffset = rejected(EventStream.ORDERS,
                    order().text("eventTime", "2026-11-29T16:05:00+08:00").text("status", "LOST"),
                    DeadLetter.CONSTRAINT, "status");

            assertThat(fromMillis.eventTime()).isEqualTo(BEGINNING);
            assertThat(fromOffset.eventTime()).isEqualTo(BEGINNING);
        }

        @Test
        void deadGuidePriceUsesEffectiveFromAsItsTime() {
            DeadLetter dead = rejected(EventStream.GUIDE_PRICES, guidePrice().raw("guidePrice", "0"),
                    DeadLetter.CONSTRAINT, "guidePrice");

            assertThat(dead.eventTime()).isEqualTo(BEGINNING);
        }

        @Test
        void deadLetterHasNoEventTimeWhenItIsMissingOrUnreadable() {
            assertThat(rejected(EventStream.POS_SALES, posSale().without("eventTime"), DeadLetter.MISSING_FIELD, "eventTime")
                    .eventTime()).isNull();
            assertThat(rejected(EventStream.POS_SALES, posSale().text("eventTime", "soon"), DeadLetter.WRONG_TYPE, "eventTime")
                    .eventTime()).isNull();
        }

        @Test
        void firstBadFieldInContractOrderIsReported() {
            // eventId is read before quantity, so a record with both wrong names eventId.
            rejected(EventStream.POS_SALES, posSale().without("eventId").raw("quantity", "0"),
                    DeadLetter.MISSING_FIELD, "eventId");
        }

        @Test
        void fileOriginCarriesFileAndLine() {
            RecordOrigin line42 = RecordOrigin.file("orders", "orders.jsonl", 42);

            DeadLetter dead = deadLetter(EventStream.ORDERS, order().text("status", "LOST").json(), line42);

            assertThat(dead.stream()).isEqualTo("orders");
            assertThat(dead.file()).isEqualTo("orders.jsonl");
            assertThat(dead.line()).isEqualTo(42L);
            assertThat(dead.topic()).isNull();
            assertThat(dead.partition()).isNull();
            assertThat(dead.offset()).isNull();
        }

        @Test
        void kafkaOriginCarriesTopicPartitionAndOffset() {
            RecordOrigin kafka = RecordOrigin.kafka("prices", "cp.prices", 3, 1_234_567_890_123L);
            String payload = priceCheck().raw("price", "-1").json();

            DeadLetter dead = deadLetter(EventStream.PRICES, payload, kafka);

            assertThat(dead.reason()).isEqualTo(DeadLetter.CONSTRAINT);
            assertThat(dead.field()).isEqualTo("price");
            assertThat(dead.stream()).isEqualTo("prices");
            assertThat(dead.topic()).isEqualTo("cp.prices");
            assertThat(dead.partition()).isEqualTo(3);
            assertThat(dead.offset()).isEqualTo(1_234_567_890_123L);
            assertThat(dead.file()).isNull();
            assertThat(dead.line()).isNull();
            assertThat(dead.payload()).isEqualTo(payload);
        }

        @Test
        void kafkaOriginAlsoTagsInvalidJson() {
            RecordOrigin kafka = RecordOrigin.kafka("orders", "orders", 0, 0L);

            DeadLetter dead = deadLetter(EventStream.ORDERS, "{oops", kafka);

            assertThat(dead.reason()).isEqualTo(DeadLetter.INVALID_JSON);
            assertThat(dead.topic()).isEqualTo("orders");
            assertThat(dead.partition()).isZero();
            assertThat(dead.offset()).isZero();
            assertThat(dead.payload()).isEqualTo("{oops");
        }

        @Test
        void validRecordKeepsItsOriginAndPayloadForLateDeadLettering() {
            RecordOrigin kafka = RecordOrigin.kafka("orders", "orders", 1, 99L);
            String payload = order().json();

            Parsed<OrderEvent> parsed = EventStream.ORDERS.parse(payload, kafka);

            assertThat(parsed.isOk()).isTrue();
            assertThat(parsed.origin()).isEqualTo(kafka);
            assertThat(parsed.payload()).isEqualTo(payload);
            assertThat(EventStream.ORDERS.timestampOf(parsed)).isEqualTo(BEGINNING.toEpochMilli());
        }

        @Test
        void deadLettersAndReferenceDataDoNotAdvanceEventTime() {
            Parsed<OrderEvent> dead = EventStream.ORDERS.parse(order().text("status", "LOST").json(), ORIGIN);
            Parsed<GuidePrice> guide = EventStream.GUIDE_PRICES.parse(guidePrice().json(), ORIGIN);

            assertThat(EventStream.ORDERS.timestampOf(dead)).isEqualTo(Long.MIN_VALUE);
            assertThat(guide.isOk()).isTrue();
            assertThat(EventStream.GUIDE_PRICES.timestampOf(guide)).isEqualTo(Long.MIN_VALUE);
        }
    }

    /** Values that are valid JSON but would overflow or explode downstream: bounded, never thrown. */
    @Nested
    class HostileValues {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"1e999999999", "1e-999999999", "1E+400", "12345678901234567890"})
        void hugeOrTinyExponentsInMoneyAreOutOfRange(String json) {
            DeadLetter dead = rejected(EventStream.POS_SALES, posSale().raw("unitPrice", json), DeadLetter.OUT_OF_RANGE, "unitPrice");

            assertThat(dead.message()).containsAnyOf("input.max-unit-price", "input.money-scale");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"1e9999999999", "-1e9999999999", "1e-9999999999", "0e9999999999", "1E2147483648"})
        void exponentsBeyondAnIntAreInvalidJsonNotAnInternalError(String json) {
            // Found by HostileInputFuzzTest: BigDecimal cannot hold these, and Jackson throws a bare
            // NumberFormatException while reading the tree, wherever the number is.
            for (Payload payload : List.of(posSale().raw("unitPrice", json), posSale().raw("quantity", json),
                    posSale().raw("eventTime", json), posSale().raw("unknownField", json))) {
                DeadLetter dead = deadLetter(EventStream.POS_SALES, payload.json(), ORIGIN);

                assertThat(dead.reason()).isEqualTo(DeadLetter.INVALID_JSON);
                assertThat(dead.field()).isNull();
                assertThat(dead.message()).startsWith("not valid JSON: a number cannot be represented");
            }
        }

        @Test
        void negativeHugeMoneyIsNeverPrintedInPlainForm() {
            DeadLetter dead = deadLetter(EventStream.PRICES, priceCheck().raw("price", "-1e999999999").json(), ORIGIN);

            assertThat(dead.field()).isEqualTo("price");
            assertThat(dead.message().length()).isLessThan(300);
        }

        @Test
        void moneyAtTheMaximumIsAcceptedAndOneStepAboveIsNot() {
            assertThat(parsesTo(EventStream.POS_SALES, posSale().raw("unitPrice", "10000000")).unitPrice())
                    .isEqualByComparingTo("10000000");
            rejected(EventStream.POS_SALES, posSale().raw("unitPrice", "10000000.0001"), DeadLetter.OUT_OF_RANGE, "unitPrice");
        }

        @Test
        void fourDecimalPlacesAreAcceptedAndFiveAreNot() {
            assertThat(parsesTo(EventStream.POS_SALES, posSale().raw("unitPrice", "0.0001")).unitPrice())
                    .isEqualTo(new BigDecimal("0.0001"));
            rejected(EventStream.POS_SALES, posSale().raw("unitPrice", "0.00001"), DeadLetter.OUT_OF_RANGE, "unitPrice");
        }

        @Test
        void trailingZerosBeyondFourPlacesAreDropped() {
            assertThat(parsesTo(EventStream.POS_SALES, posSale().raw("unitPrice", "1.500000")).unitPrice())
                    .isEqualTo(new BigDecimal("1.5000"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "\"+300000000-01-01T00:00:00Z\"", "\"2999-01-01T00:00:00Z\"", "\"2100-01-01T00:00:00Z\"",
            "\"1999-12-31T23:59:59.999Z\"", "9223372036854775807", "-9223372036854775808", "0"})
        void eventTimesOutsideTheAbsoluteRangeAreOutOfRange(String json) {
            DeadLetter dead = rejected(EventStream.PRICES, priceCheck().raw("eventTime", json), DeadLetter.OUT_OF_RANGE, "eventTime");

            assertThat(dead.message()).contains("input.earliest-event-time");
            assertThat(dead.eventTime()).isNull();
        }

        @Test
        void theEdgesOfTheRangeAreInclusiveAtTheStartAndExclusiveAtTheEnd() {
            assertThat(parsesTo(EventStream.PRICES, priceCheck().text("eventTime", "2000-01-01T00:00:00Z")).eventTime())
                    .isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
            assertThat(parsesTo(EventStream.PRICES, priceCheck().text("eventTime", "2099-12-31T23:59:59.999Z")).eventTime())
                    .isEqualTo(Instant.parse("2099-12-31T23:59:59.999Z"));
        }

        @Test
        void guidePriceEffectiveFromIsBoundedToo() {
            rejected(EventStream.GUIDE_PRICES, guidePrice().text("effectiveFrom", "+300000000-01-01T00:00:00Z"),
                    DeadLetter.OUT_OF_RANGE, "effectiveFrom");
        }

        @Test
        void liveEventsFurtherAheadThanTheSkewAreFutureAndOneMillisecondLessIsAccepted() {
            Instant notAfter = BEGINNING.minusSeconds(1);
            Parsed<PriceCheck> future = EventStream.PRICES.parse(priceCheck().json(), ORIGIN,
                    io.channelpulse.config.InputBounds.defaults(), notAfter);
            assertThat(future.deadLetter().reason()).isEqualTo(DeadLetter.FUTURE);
            assertThat(future.deadLetter().field()).isEqualTo("eventTime");
            assertThat(future.deadLetter().message()).contains("input.max-future-skew");
            assertThat(future.deadLetter().eventTime()).isEqualTo(BEGINNING);

            Parsed<PriceCheck> atTheEdge = EventStream.PRICES.parse(priceCheck().json(), ORIGIN,
                    io.channelpulse.config.InputBounds.defaults(), BEGINNING);
            assertThat(atTheEdge.isOk()).isTrue();
        }

        @Test
        void aGuidePriceAnnouncedFarAheadIsNotAFutureEvent() {
            Parsed<GuidePrice> ahead = EventStream.GUIDE_PRICES.parse(
                    guidePrice().text("effectiveFrom", "2090-01-01T00:00:00Z").json(), ORIGIN,
                    io.channelpulse.config.InputBounds.defaults(), BEGINNING);
            assertThat(ahead.isOk()).isTrue();
        }

        @Test
        void textLongerThanTheLimitIsOutOfRangeAndTheLimitItselfIsAccepted() {
            String limit = "S".repeat(256);
            assertThat(parsesTo(EventStream.POS_SALES, posSale().text("sku", limit)).sku()).isEqualTo(limit);
            rejected(EventStream.POS_SALES, posSale().text("sku", limit + "S"), DeadLetter.OUT_OF_RANGE, "sku");
        }

        @Test
        void aLoneSurrogateInAnIdIsRejectedAndAValidPairIsKept() {
            rejected(EventStream.POS_SALES, posSale().text("channelId", "CH\\uD800A"), DeadLetter.CONSTRAINT, "channelId");
            assertThat(parsesTo(EventStream.POS_SALES, posSale().text("channelId", "CH-\\uD83D\\uDE00")).channelId())
                    .isEqualTo("CH-\uD83D\uDE00");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"\\u0000CREATED", "CREATED\\u0001", "\\u017Fhipped", "CANCELL\\u0131ED"})
        void enumsWithControlOrNonAsciiLookalikeCharactersAreRejected(String status) {
            rejected(EventStream.ORDERS, order().text("status", status), DeadLetter.CONSTRAINT, "status");
        }

        @Test
        void controlCharactersInIdsAreRejected() {
            rejected(EventStream.POS_SALES, posSale().text("channelId", "CH\\u0000A"), DeadLetter.CONSTRAINT, "channelId");
        }

        @Test
        void aHugeGarbagePayloadBecomesADeadLetterWithABoundedPayloadItsSizeAndHash() throws Exception {
            String garbage = "{\"eventId\":\"" + "\\u0001".repeat(60_000) + "\"";
            DeadLetter dead = deadLetter(EventStream.POS_SALES, garbage, ORIGIN);

            byte[] original = garbage.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(dead.payload().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(16 * 1024);
            assertThat(garbage).startsWith(dead.payload());
            assertThat(dead.payloadBytes()).isEqualTo(original.length);
            assertThat(dead.payloadSha256()).isEqualTo(java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(original)));
            assertThat(Json.mapper().writeValueAsBytes(dead).length).isLessThan(1024 * 1024);
        }

        @Test
        void deeplyNestedJsonIsInvalidJsonNotAStackOverflow() {
            String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
            assertThat(deadLetter(EventStream.ORDERS, deep, ORIGIN).reason()).isEqualTo(DeadLetter.INVALID_JSON);
        }

        @Test
        void aDuplicateKeyIsReadAsItsLastValueAndStillBounded() {
            String json = posSale().json().replace("\"unitPrice\":", "\"unitPrice\":1e999999999,\"unitPrice\":");
            Parsed<PosSale> parsed = EventStream.POS_SALES.parse(json, ORIGIN);
            assertThat(parsed.isOk()).isTrue();
        }
    }
}

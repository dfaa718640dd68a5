package io.channelpulse.gateway.panel;

import io.channelpulse.config.PanelSettings;
import static io.channelpulse.gateway.panel.PanelFixtures.PASSWORD;
import static io.channelpulse.gateway.panel.PanelFixtures.T0;
import static io.channelpulse.gateway.panel.PanelFixtures.alert;
import static io.channelpulse.gateway.panel.PanelFixtures.kpi;
import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.gateway.Gateway;
import io.channelpulse.config.DeliverySettings;
import io.channelpulse.support.KafkaTestSupport;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.Partner;
import io.channelpulse.model.PartnerTier;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.serde.Json;
import io.channelpulse.support.RequiresBinaries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A channel manager's session in a real headless Chromium (Debian's chromium and chromium-driver)
 * against the gateway reading a real broker: log in, see only one's own channels, watch a tile
 * change and an alert fire and resolve live, be refused another manager's channel, log out.
 */
@RequiresBinaries({"chromium", "chromedriver"})
class PanelBrowserTest {

    @Test
    void managerSeesOnlyOwnChannelsLiveAndIsRefusedOthers(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            PulseConfig config = KafkaTestSupport.isolatedConfig(kafka, "panel");
            String partners = config.topics().inputs().get("partners");
            kafka.createTopics(List.of(partners, config.topics().kpis(), config.topics().alerts()), 2);
            try (KafkaProducer<String, String> producer = KafkaTestSupport.producer(kafka)) {
                // The gateway keeps series and history only for channels the partner master data names.
                send(producer, partners, "P-A1", new Partner("P-A1", "CH-A1", ChannelType.DEALER, List.of("R-1"), null, "A1"));
                send(producer, partners, "P-B1", new Partner("P-B1", "CH-B1", ChannelType.DEALER, List.of("R-1"), null, "B1"));
            }
            try (KafkaProducer<String, String> producer = KafkaTestSupport.producer(kafka);
                    Gateway gateway = Gateway.start(config, DeliverySettings.none(), PanelFixtures.settings(), "127.0.0.1", 0, 0)) {
                send(producer, config.topics().kpis(), "CH-A1", kpi("CH-A1", T0, "100.00"));
                send(producer, config.topics().kpis(), "CH-B1", kpi("CH-B1", T0, "900.00"));
                WebDriver browser = chromium();
                try {
                    // The page re-renders lists on every event, so found elements can go stale between polls.
                    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                    wait.ignoring(StaleElementReferenceException.class);
                    browser.get("http://127.0.0.1:" + gateway.panelPort() + "/");
                    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=login-form]")));
                    browser.findElement(By.id("lang")).sendKeys("English");
                    browser.findElement(By.id("username")).sendKeys("alice");
                    browser.findElement(By.id("password")).sendKeys(PASSWORD);
                    browser.findElement(By.cssSelector("[data-testid=login-submit]")).click();

                    // Only Alice's channels.
                    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=tile-CH-A1]")));
                    assertThat(browser.findElements(By.cssSelector("[data-testid=tile-CH-A2]"))).hasSize(1);
                    assertThat(browser.findElements(By.cssSelector("[data-testid=tile-CH-B1]"))).isEmpty();
                    assertThat(browser.getPageSource()).doesNotContain("CH-B1");
                    assertThat(browser.findElement(By.cssSelector("[data-testid=login-form]")).isDisplayed()).isFalse();

                    // A KPI produced to Kafka changes the tile.
                    long produced = System.nanoTime();
                    send(producer, config.topics().kpis(), "CH-A1", kpi("CH-A1", T0.plusSeconds(60), "4321.00"));
                    wait.until(ExpectedConditions.textToBePresentInElementLocated(
                            By.cssSelector("[data-testid=tile-CH-A1] [data-testid=revenue-last]"), "4,321.00"));
                    assertThat(browser.findElement(By.cssSelector("[data-testid=tile-CH-A1] [data-testid=revenue-today]")).getText())
                            .as("today = 100.00 + 4,321.00, each window counted once").contains("4,421.00");
                    long millis = Duration.ofNanos(System.nanoTime() - produced).toMillis();
                    System.out.printf("KPI on screen %d ms after it was produced%n", millis);
                    assertThat(millis).as("KPI shown within 2 s").isLessThan(2_000);
                    Path shots = Path.of("target", "screenshots");
                    Files.createDirectories(shots);
                    Files.write(shots.resolve("panel-overview.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

                    // Tablet width: tiles reflow to two columns and stay inside the viewport.
                    browser.manage().window().setSize(new Dimension(768, 1024));
                    wait.until(d -> d.findElement(By.cssSelector("[data-testid=tile-CH-A1]")).getRect().getWidth() < 400);
                    assertThat(browser.findElement(By.cssSelector("[data-testid=tile-CH-A2]")).getRect().getX()
                            + browser.findElement(By.cssSelector("[data-testid=tile-CH-A2]")).getRect().getWidth()).isLessThanOrEqualTo(768);
                    Files.write(shots.resolve("panel-overview-tablet.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
                    browser.manage().window().setSize(new Dimension(1280, 900));

                    // An alert appears, then resolves in place.
                    browser.findElement(By.cssSelector("[data-testid=tile-CH-A1]")).click();
                    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=detail]")));
                    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-revenue canvas")));
                    assertThat(browser.findElements(By.cssSelector(".chart canvas"))).hasSize(3); // uPlot charts
                    assertThat(browser.findElement(By.id("grafana")).getAttribute("href")).contains("var-channel=CH-A1");
                    send(producer, config.topics().alerts(), "live-1", alert("live-1", AlertStatus.FIRING, "CH-A1"));
                    wait.until(ExpectedConditions.attributeToBe(By.cssSelector("[data-testid=alert-live-1]"), "data-status", "FIRING"));
                    send(producer, config.topics().alerts(), "live-1", alert("live-1", AlertStatus.RESOLVED, "CH-A1"));
                    wait.until(ExpectedConditions.attributeToBe(By.cssSelector("[data-testid=alert-live-1]"), "data-status", "RESOLVED"));
                    assertThat(browser.findElements(By.cssSelector("[data-testid=alert-live-1]"))).hasSize(1);

                    // Another manager's channel by URL is refused.
                    browser.get("http://127.0.0.1:" + gateway.panelPort() + "/#/channel/CH-B1");
                    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=denied]")));
                    assertThat(browser.getPageSource()).doesNotContain("900.00");

                    // Chinese labels and CNY formatting.
                    browser.get("http://127.0.0.1:" + gateway.panelPort() + "/#/");
                    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=tile-CH-A1]")));
                    browser.findElement(By.id("lang")).sendKeys("中文");
                    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=tiles]"), "今日销售额"));
                    assertThat(browser.findElement(By.cssSelector("[data-testid=tile-CH-A1] [data-testid=revenue-last]")).getText()).contains("¥");

                    // Log out.
                    browser.findElement(By.cssSelector("[data-testid=logout]")).click();
                    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=login-form]")));
                    browser.navigate().refresh();
                    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=login-form]")));
                    assertThat(browser.findElements(By.cssSelector("[data-testid=tile-CH-A1]"))).isEmpty();
                } finally {
                    browser.quit();
                }
            }
        }
    }

    @Test
    void aChannelManagersViewShowsThePlanSharesPartnerTableAndOpenPlanAlertsOfTheirChannelOnly(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            PulseConfig config = KafkaTestSupport.isolatedConfig(kafka, "panel-plan");
            String partners = config.topics().inputs().get("partners");
            kafka.createTopics(List.of(partners, config.topics().kpis(), config.topics().alerts(),
                    config.topics().partnerTiers(), config.topics().channelEconomics()), 2);
            try (KafkaProducer<String, String> producer = KafkaTestSupport.producer(kafka)) {
                send(producer, partners, "P-A1", new Partner("P-A1", "CH-A1", ChannelType.SUPERMARKET, List.of("R-1"), null, "A1"));
                send(producer, partners, "P-A2", new Partner("P-A2", "CH-A1", ChannelType.SUPERMARKET, List.of("R-1"), null, "A2"));
                send(producer, partners, "P-B1", new Partner("P-B1", "CH-B1", ChannelType.SUPERMARKET, List.of("R-1"), null, "B1"));
                send(producer, config.topics().kpis(), "CH-A1", kpi("CH-A1", T0, "100.00"));
                send(producer, config.topics().partnerTiers(), "P-A1", PanelFixtures.tier("2026-11", "P-A1", "CH-A1", PartnerTier.CORE, "123456.78", 1));
                send(producer, config.topics().partnerTiers(), "P-A2", PanelFixtures.tier("2026-11", "P-A2", "CH-A1", PartnerTier.BASIC, "5000", 3));
                send(producer, config.topics().partnerTiers(), "P-A1",
                        PanelFixtures.tierChange("2026-11", "P-A1", "CH-A1", PartnerTier.QUALITY, PartnerTier.CORE));
                send(producer, config.topics().partnerTiers(), "P-B1", PanelFixtures.tier("2026-11", "P-B1", "CH-B1", PartnerTier.QUALITY, "99999", 2));
                send(producer, config.topics().channelEconomics(), "CH-A1", PanelFixtures.month("CH-A1", "2026-11", "0.04", "0.15"));
                send(producer, config.topics().alerts(), "CH-A1",
                        PanelFixtures.roiAlert("roi-P-A2", AlertStatus.FIRING, "CH-A1", "P-A2", "2026-11", "0.5"));
            }
            try (KafkaProducer<String, String> producer = KafkaTestSupport.producer(kafka);
                    Gateway gateway = Gateway.start(config, DeliverySettings.none(), PanelFixtures.settings(), "127.0.0.1", 0, 0)) {
                WebDriver browser = chromium();
                try {
                    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                    wait.ignoring(StaleElementReferenceException.class);
                    String base = "http://127.0.0.1:" + gateway.panelPort() + "/";
                    browser.get(base);
                    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=login-form]")));
                    browser.findElement(By.id("lang")).sendKeys("English");
                    browser.findElement(By.id("username")).sendKeys("alice");
                    browser.findElement(By.id("password")).sendKeys(PASSWORD);
                    browser.findElement(By.cssSelector("[data-testid=login-submit]")).click();
                    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=tile-CH-A1]")));
                    browser.findElement(By.cssSelector("[data-testid=tile-CH-A1]")).click();

                    By rowA1 = By.cssSelector("[data-testid=partner-table] [data-testid=partner-P-A1]");
                    wait.until(ExpectedConditions.visibilityOfElementLocated(rowA1));
                    assertThat(browser.findElement(By.cssSelector("[data-testid=plan-period]")).getText()).isEqualTo("2026-11");
                    assertThat(browser.findElement(By.cssSelector("[data-testid=sales-share]")).getText()).isEqualTo("4%");
                    assertThat(browser.findElement(By.cssSelector("[data-testid=cost-share]")).getText()).isEqualTo("15%");
                    WebElement a1 = browser.findElement(rowA1);
                    assertThat(a1.findElement(By.cssSelector("[data-testid=tier]")).getText()).isEqualTo("Core");
                    assertThat(a1.findElement(By.cssSelector("[data-testid=revenue]")).getText()).contains("123,456.78");
                    assertThat(a1.findElement(By.cssSelector("[data-testid=roi]")).getText()).isEqualTo("—");
                    assertThat(a1.findElement(By.cssSelector("[data-testid=tier-change]")).getText()).isEqualTo("2026-11: Quality → Core");
                    WebElement a2 = browser.findElement(By.cssSelector("[data-testid=partner-P-A2]"));
                    assertThat(a2.findElement(By.cssSelector("[data-testid=roi]")).getText()).isEqualTo("0.5");
                    assertThat(browser.findElements(By.cssSelector("[data-testid=partner-table] tbody tr"))).hasSize(2);
                    assertThat(browser.findElement(By.cssSelector("[data-testid=plan-alert-roi-P-A2]")).getText()).contains("Partner ROI below 1");
                    assertThat(browser.getPageSource()).doesNotContain("P-B1").doesNotContain("99,999");

                    // A plan alert arriving live is listed; resolving it takes it off.
                    send(producer, config.topics().alerts(), "CH-A1", PanelFixtures.roiAlert("roi-P-A1", AlertStatus.FIRING, "CH-A1", "P-A1", "2026-11", "0.8"));
                    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=plan-alert-roi-P-A1]")));
                    wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-testid=partner-P-A1] [data-testid=roi]"), "0.8"));
                    send(producer, config.topics().alerts(), "CH-A1", PanelFixtures.roiAlert("roi-P-A1", AlertStatus.RESOLVED, "CH-A1", "P-A1", "2026-12", "1.1"));
                    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("[data-testid=plan-alert-roi-P-A1]"), 0));

                    // zh-CN labels.
                    browser.findElement(By.id("lang")).sendKeys("中文");
                    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=plan]"), "销售占比"));
                    assertThat(browser.findElement(By.cssSelector("[data-testid=partner-P-A1] [data-testid=tier]")).getText()).isEqualTo("核心");
                    assertThat(browser.findElement(By.cssSelector("[data-testid=partner-table] thead")).getText()).contains("近12个月销售额");
                    Path shots = Path.of("target", "screenshots");
                    Files.createDirectories(shots);
                    ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.getElementById('plan').scrollIntoView()");
                    Files.write(shots.resolve("panel-plan.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

                    // Another manager's channel: refused, no plan data.
                    browser.get(base + "#/channel/CH-B1");
                    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=denied]")));
                    assertThat(browser.getPageSource()).doesNotContain("P-B1").doesNotContain("99,999").doesNotContain("99999");
                } finally {
                    browser.quit();
                }
            }
        }
    }

    static void send(KafkaProducer<String, String> producer, String topic, String key, Object value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, Json.mapper().writeValueAsString(value))).get();
    }

    static WebDriver chromium() {
        return chromium(null);
    }

    /** A headless Chromium; {@code timeZone} (an IANA id) sets the browser's own zone when not null. */
    static WebDriver chromium(String timeZone) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(RequiresBinaries.Condition.locate("chromium").toString());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900", "--lang=zh-CN");
        ChromeDriverService.Builder builder = new ChromeDriverService.Builder()
                .usingDriverExecutable(RequiresBinaries.Condition.locate("chromedriver").toFile()).usingAnyFreePort();
        if (timeZone != null) {
            builder.withEnvironment(java.util.Map.of("TZ", timeZone));
        }
        ChromeDriverService service = builder.build();
        return new ChromeDriver(service, options);
    }

    @Test
    void lostStreamShowsDisconnectedRetryingAndRecoversWithoutGaps() throws Exception {
        HistoryStore history = HistoryStore.defaults();
        history.onKpi(kpi("CH-A1", T0, "100.00"));
        PanelSettings settings = PanelFixtures.settings();
        Sessions sessions = Sessions.of(settings, java.time.Clock.systemUTC());
        PanelServer server = new PanelServer(settings, history, sessions, "127.0.0.1", 0);
        int port = server.port();
        WebDriver browser = chromium();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            wait.ignoring(StaleElementReferenceException.class);
            browser.get("http://127.0.0.1:" + port + "/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=login-form]")));
            browser.findElement(By.id("lang")).sendKeys("English");
            browser.findElement(By.id("username")).sendKeys("alice");
            browser.findElement(By.id("password")).sendKeys(PASSWORD);
            browser.findElement(By.cssSelector("[data-testid=login-submit]")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=tile-CH-A1]")));

            server.close();
            wait.until(ExpectedConditions.attributeToBe(By.cssSelector("[data-testid=connection]"), "data-state", "down"));
            assertThat(browser.findElement(By.cssSelector("[data-testid=connection]")).getText()).isEqualTo("Disconnected, retrying…");

            history.onKpi(kpi("CH-A1", T0.plusSeconds(60), "250.00")); // happens while the page is cut off
            server = new PanelServer(settings, history, sessions, "127.0.0.1", port);
            wait.until(ExpectedConditions.attributeToBe(By.cssSelector("[data-testid=connection]"), "data-state", "up"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("[data-testid=tile-CH-A1] [data-testid=revenue-today]"), "350.00"));
        } finally {
            browser.quit();
            server.close();
        }
    }

    @Test
    void todayRollsOverInTheBusinessZoneNotTheBrowsers() throws Exception {
        // T0 is 10:00 on the 29th in Shanghai and 18:00 on the 28th in Los Angeles; T0 + 7 h is
        // 17:00 on the 29th in Shanghai but 01:00 on the 29th in Los Angeles: a new day only there.
        HistoryStore history = HistoryStore.defaults();
        history.onKpi(kpi("CH-A1", T0, "100.00"));
        PanelSettings settings = PanelFixtures.settings();
        try (PanelServer server = new PanelServer(settings, history, Sessions.of(settings, java.time.Clock.systemUTC()), "127.0.0.1", 0)) {
            WebDriver browser = chromium("America/Los_Angeles");
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                wait.ignoring(StaleElementReferenceException.class);
                browser.get("http://127.0.0.1:" + server.port() + "/");
                assertThat(((org.openqa.selenium.JavascriptExecutor) browser)
                        .executeScript("return Intl.DateTimeFormat().resolvedOptions().timeZone")).isEqualTo("America/Los_Angeles");
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=login-form]")));
                browser.findElement(By.id("lang")).sendKeys("English");
                browser.findElement(By.id("username")).sendKeys("alice");
                browser.findElement(By.id("password")).sendKeys(PASSWORD);
                browser.findElement(By.cssSelector("[data-testid=login-submit]")).click();
                wait.until(ExpectedConditions.attributeToBe(By.cssSelector("[data-testid=connection]"), "data-state", "up"));
                wait.until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("[data-testid=tile-CH-A1] [data-testid=revenue-today]"), "100.00"));
                history.onKpi(kpi("CH-A1", T0.plusSeconds(7 * 3600), "5.00"));
                wait.until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("[data-testid=tile-CH-A1] [data-testid=revenue-last]"), "5.00"));
                assertThat(browser.findElement(By.cssSelector("[data-testid=tile-CH-A1] [data-testid=revenue-today]")).getText())
                        .as("same business day in Asia/Shanghai").contains("105.00");
            } finally {
                browser.quit();
            }
        }
    }

    @Test
    void aPageWhoseEventsLeftTheBufferReloadsItsSnapshot() throws Exception {
        HistoryStore history = new HistoryStore(Duration.ofHours(24), 1_000, 100, 2); // keeps only 2 events
        history.onKpi(kpi("CH-A1", T0, "100.00"));
        PanelSettings settings = PanelFixtures.settings();
        Sessions sessions = Sessions.of(settings, java.time.Clock.systemUTC());
        PanelServer server = new PanelServer(settings, history, sessions, "127.0.0.1", 0);
        int port = server.port();
        WebDriver browser = chromium();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            wait.ignoring(StaleElementReferenceException.class);
            browser.get("http://127.0.0.1:" + port + "/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=login-form]")));
            browser.findElement(By.id("lang")).sendKeys("English");
            browser.findElement(By.id("username")).sendKeys("alice");
            browser.findElement(By.id("password")).sendKeys(PASSWORD);
            browser.findElement(By.cssSelector("[data-testid=login-submit]")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("[data-testid=tile-CH-A1] [data-testid=revenue-today]"), "100.00"));
            Thread.sleep(500); // the stream opens right after the tiles render

            server.close();
            wait.until(ExpectedConditions.attributeToBe(By.cssSelector("[data-testid=connection]"), "data-state", "down"));
            // While the page is cut off, three windows arrive: the first of them leaves the 2-event buffer.
            history.onKpi(kpi("CH-A1", T0.plusSeconds(60), "10.00"));
            history.onKpi(kpi("CH-A1", T0.plusSeconds(120), "20.00"));
            history.onKpi(kpi("CH-A1", T0.plusSeconds(180), "30.00"));
            server = new PanelServer(settings, history, sessions, "127.0.0.1", port);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("[data-testid=tile-CH-A1] [data-testid=revenue-today]"), "160.00"));
            wait.until(ExpectedConditions.attributeToBe(By.cssSelector("[data-testid=connection]"), "data-state", "up"));
        } finally {
            browser.quit();
            server.close();
        }
    }
}

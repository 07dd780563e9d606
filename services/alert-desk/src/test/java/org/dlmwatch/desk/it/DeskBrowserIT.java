package org.dlmwatch.desk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dlmwatch.desk.support.Fixtures.cea;
import static org.dlmwatch.desk.support.Fixtures.finding;
import static org.dlmwatch.desk.support.Fixtures.mri;
import static org.dlmwatch.desk.support.Fixtures.t;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.dlmwatch.desk.AlertDesk;
import org.dlmwatch.desk.support.DeskCluster;
import org.dlmwatch.desk.support.Fixtures;
import org.dlmwatch.events.v1.ActionType;
import org.dlmwatch.events.v1.AlertAction;
import org.dlmwatch.events.v1.AlertStatus;
import org.dlmwatch.events.v1.AlertType;
import org.dlmwatch.events.v1.Evidence;
import org.dlmwatch.events.v1.EvidenceKind;
import org.dlmwatch.events.v1.FindingStatus;
import org.dlmwatch.events.v1.Modality;
import org.dlmwatch.events.v1.Severity;
import org.dlmwatch.events.v1.SurveillanceAlert;
import org.dlmwatch.local.LocalCluster;
import org.dlmwatch.local.WithLocalCluster;
import org.dlmwatch.platform.topics.TopicCatalog;
import org.dlmwatch.platform.topics.Topics;
import org.dlmwatch.registry.HttpSchemaRegistryClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A clinician in a real headless Chromium (Debian's chromium and chromium-driver): signs in, opens the
 * worklist and an alert, sees the CEA chart with one point per CEA value, overrides with a reason, and
 * the action arrives on {@code surveillance.alert-actions.v1}. Saves screenshots of the worklist, the
 * alert page and the patient page in {@code target/}; with {@code -Ddlmwatch.desk.screenshots=true}
 * it also refreshes {@code docs/images/worklist.png} and {@code docs/images/alert-page.png} (not on every
 * build, so that a build leaves the work tree clean).
 */
@WithLocalCluster
class DeskBrowserIT {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String P = "web-" + RUN;
    private static final String ALERT = "A-" + RUN + "-cea";
    private static final int CEA_VALUES = 6;

    private static DeskCluster env;
    private static AlertDesk desk;
    private static WebDriver driver;
    private static Path profile;

    @BeforeAll
    static void start(LocalCluster cluster) throws Exception {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
            throw new AssertionError("The browser test needs Debian's Chromium and its driver at " + CHROMIUM + " and "
                    + CHROMEDRIVER + ": install them with 'apt-get install -y chromium chromium-driver' (CI does).");
        }
        env = new DeskCluster(cluster, Path.of("target", "it-desk", "browser"));
        publishPatient();
        desk = new AlertDesk(env.settings("browser-it-" + RUN)).start();

        profile = Files.createTempDirectory("desk-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--user-data-dir=" + profile, "--window-size=1366,900", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (desk != null) {
            desk.close();
        }
        if (env != null) {
            env.close();
        }
        if (profile != null) {
            org.dlmwatch.local.LocalFiles.deleteRecursively(profile);
        }
    }

    @Test
    void clinicianOpensTheAlertSeesTheCeaChartAndOverridesWithAReason() throws Exception {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));

        // no session: the worklist sends to sign-in
        driver.get(desk.url() + "worklist");
        wait.until(ExpectedConditions.urlContains("/login"));
        driver.findElement(By.id("username")).sendKeys("clara");
        driver.findElement(By.id("password")).sendKeys(DeskCluster.PASSWORD);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();

        // the worklist
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Open alerts"));
        WebElement link = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("a.alert-link[href='/alerts/" + ALERT + "']")));
        List<WebElement> rows = driver.findElements(By.cssSelector("table.worklist tbody tr"));
        assertThat(rows).isNotEmpty();
        assertThat(driver.findElement(By.cssSelector("tr.sev-critical .badge")).getText()).contains("CRITICAL");
        screenshot("worklist.png");
        link.click();

        // the alert page, with the CEA chart drawn: one point per CEA value, the evidence marked
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg.cea-chart")));
        assertThat(driver.findElement(By.tagName("h1")).getText()).contains("above the baseline");
        assertThat(driver.findElements(By.cssSelector("svg.cea-chart circle.cea-point"))).hasSize(CEA_VALUES);
        assertThat(driver.findElements(By.cssSelector("svg.cea-chart circle.cea-point.trigger"))).hasSize(2);
        assertThat(driver.findElements(By.cssSelector("svg.cea-chart .uln"))).hasSize(1);
        assertThat(driver.findElements(By.cssSelector("svg.cea-chart .baseline"))).hasSize(1);
        assertThat(driver.findElements(By.cssSelector("svg.cea-chart .assay-change"))).hasSize(1);
        assertThat(driver.findElements(By.cssSelector("svg.lesion-timeline .lesion-mark.present"))).hasSize(1);
        WebElement chart = driver.findElement(By.cssSelector("svg.cea-chart"));
        assertThat(chart.getSize().getWidth()).isGreaterThan(400);
        screenshot("alert-page.png");

        // override with a reason
        driver.findElement(By.id("btn-override")).click();
        WebElement reason = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("override-reason")));
        String why = "Rise explained by intercurrent cholangitis; repeat CEA in 4 weeks (MDT " + RUN + ")";
        reason.sendKeys(why);
        driver.findElement(By.id("btn-confirm-override")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.flash")));
        assertThat(driver.findElement(By.cssSelector(".actions .team-status")).getText()).isEqualTo("Overridden");
        assertThat(driver.findElement(By.cssSelector("ol.history")).getText()).contains(why).contains("clara");

        // the action is on the topic, with the signed-in user
        AlertAction action = findAction(ALERT, Duration.ofSeconds(20));
        assertThat(action.getAction()).isEqualTo(ActionType.OVERRIDE);
        assertThat(action.getReason()).isEqualTo(why);
        assertThat(action.getActor()).isEqualTo("clara");

        // the patient's page (kept in target/ only)
        driver.get(desk.url() + "patients/" + P);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg.lesion-timeline")));
        assertThat(driver.findElements(By.cssSelector("svg.cea-chart circle.cea-point"))).hasSize(CEA_VALUES);
        screenshot("patient-page.png", false);

        // live refresh: a new alert shows up on the open worklist without reloading
        driver.get(desk.url() + "worklist");
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Open alerts"));
        String fresh = "A-" + RUN + "-new";
        env.publish(TopicCatalog.ALERTS, P, Fixtures.alert(P, fresh, AlertType.NEW_LIVER_LESION, Severity.HIGH,
                AlertStatus.RAISED, Instant.now(), List.of()));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-alert-id='" + fresh + "']")));
        assertThat(driver.findElement(By.cssSelector(".live-text")).getText()).contains("new alert");
    }

    private static void screenshot(String name) throws Exception {
        screenshot(name, true);
    }

    private static void screenshot(String name, boolean keepInDocs) throws Exception {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        long height = ((Number) js.executeScript("return document.documentElement.scrollHeight")).longValue();
        Dimension before = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(1366, (int) Math.min(4000, height + 120)));
        File png = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
        driver.manage().window().setSize(before);
        Path target = Path.of("target", name);
        Files.copy(png.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        Path docs = Path.of("..", "..", "docs");
        if (keepInDocs && Boolean.getBoolean("dlmwatch.desk.screenshots") && Files.isDirectory(docs)) {
            Files.createDirectories(docs.resolve("images"));
            Files.copy(png.toPath(), docs.resolve("images").resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static AlertAction findAction(String alertId, Duration timeout) {
        Map<String, Object> config = new HashMap<>(env.kafka());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Topics topics = new Topics(new HttpSchemaRegistryClient(env.cluster().schemaRegistryUrl()), true);
        try (KafkaConsumer<String, AlertAction> c = new KafkaConsumer<>(config, new StringDeserializer(),
                topics.alertActions.valueSerde().deserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(TopicCatalog.ALERT_ACTIONS.name())
                    .forEach(p -> parts.add(new TopicPartition(p.topic(), p.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, AlertAction> r : c.poll(Duration.ofMillis(500))) {
                    if (r.key().equals(alertId) && r.value().getAlertId().equals(alertId)) {
                        return r.value();
                    }
                }
            }
        }
        throw new AssertionError("no action for " + alertId + " on " + TopicCatalog.ALERT_ACTIONS.name());
    }

    /** A patient with a realistic history: chemotherapy-window value, assay change, DLM reappearance. */
    private static void publishPatient() {
        env.publish(TopicCatalog.ENROLLMENTS, P, Fixtures.enrollment(P));
        String[][] values = {
            {"R0", "2024-12-15T08:00:00Z", "4.0", "Roche Elecsys"},
            {"R1", "2025-02-01T08:00:00Z", "2.1", "Roche Elecsys"},
            {"R2", "2025-03-15T08:00:00Z", "2.4", "Abbott Architect"},
            {"R3", "2025-05-02T08:00:00Z", "6.4", "Abbott Architect"},
            {"R4", "2025-05-23T08:00:00Z", "9.8", "Abbott Architect"},
            {"R5", "2025-06-20T08:00:00Z", "12.1", "Abbott Architect"}};
        for (String[] v : values) {
            env.publish(TopicCatalog.LAB_RESULTS, P, cea(P, P + "-" + v[0], v[1], Double.parseDouble(v[2]), v[3]));
        }
        env.publish(TopicCatalog.IMAGING_REPORTS, P, mri(P, P + "-I1", "2025-04-10T10:00:00Z",
                finding("L1", "VII", null, FindingStatus.ABSENT), finding(null, "IVa", null, FindingStatus.ABSENT)));
        env.publish(TopicCatalog.IMAGING_REPORTS, P, mri(P, P + "-I2", "2025-06-02T10:00:00Z",
                finding("L1", "VII", 8.0, FindingStatus.PRESENT), finding(null, "IVa", null, FindingStatus.ABSENT),
                finding(null, "V", 6.0, FindingStatus.EQUIVOCAL)));

        Instant detected = Instant.now().minus(Duration.ofHours(5));
        SurveillanceAlert a = SurveillanceAlert.newBuilder()
                .setAlertId(ALERT).setPatientId(P).setType(AlertType.CEA_RISE_ABOVE_BASELINE).setSeverity(Severity.HIGH)
                .setStatus(AlertStatus.RAISED).setLesionIds(List.of())
                .setTitle("CEA 9.8 ug/L is 7.4 ug/L above the baseline of 2.4 ug/L")
                .setRecommendation("Image now: liver MRI with hepatobiliary phase (gadoxetic acid) and DWI, and CT of "
                        + "chest, abdomen and pelvis for extrahepatic disease; then MDT review for rescue therapy "
                        + "(resection or thermal ablation) if a lesion is found. This is decision support for the "
                        + "multidisciplinary team (MDT), not a diagnosis.")
                .setEvidence(List.of(
                        new Evidence(EvidenceKind.LAB_RESULT, P + "-R2", t("2025-03-15T08:00:00Z"), 2.4, "ug/L", null,
                                null, null, "baseline (nadir); CEA 2.4 ug/L; ULN 5 (lab)"),
                        new Evidence(EvidenceKind.LAB_RESULT, P + "-R4", t("2025-05-23T08:00:00Z"), 9.8, "ug/L", null,
                                null, null, "rise above baseline; CEA 9.8 ug/L; ULN 5 (lab)")))
                .setRuleId("CeaRiseAboveBaselineRule").setRuleParameters(Map.of("cea.riseAboveBaselineUgL", "7"))
                .setContextFlags(List.of()).setEventTime(t("2025-05-23T08:00:00Z")).setDetectedAt(detected).build();
        env.publish(TopicCatalog.ALERTS, P, a);
        env.publish(TopicCatalog.ALERTS, P, SurveillanceAlert.newBuilder()
                .setAlertId("A-" + RUN + "-dlm").setPatientId(P).setType(AlertType.DLM_REAPPEARANCE)
                .setSeverity(Severity.HIGH).setStatus(AlertStatus.RAISED).setLesionIds(List.of("L1"))
                .setTitle("DLM L1 has reappeared in segment VII (MRI_HBP_DWI, 8 mm)")
                .setRecommendation("HPB MDT review for rescue therapy (resection or thermal ablation). Restage first.")
                .setEvidence(List.of(new Evidence(EvidenceKind.IMAGING_FINDING, P + "-I2", t("2025-06-02T10:00:00Z"),
                        null, null, Modality.MRI_HBP_DWI, "VII", 8.0, "PRESENT in segment VII, tracking id L1")))
                .setRuleId("DlmReappearanceRule").setRuleParameters(Map.of()).setContextFlags(List.of())
                .setEventTime(t("2025-06-02T10:00:00Z")).setDetectedAt(detected.plusSeconds(600)).build());
        env.publish(TopicCatalog.ALERTS, P, SurveillanceAlert.newBuilder()
                .setAlertId("A-" + RUN + "-rescue").setPatientId(P).setType(AlertType.RESCUE_EVALUATION)
                .setSeverity(Severity.CRITICAL).setStatus(AlertStatus.RAISED).setLesionIds(List.of("L1"))
                .setTitle("Rescue evaluation: CEA rise above baseline and DLM reappearance 10 days apart")
                .setRecommendation("Prompt HPB MDT review for rescue therapy.")
                .setEvidence(List.of()).setRuleId("RescueEvaluationRule").setRuleParameters(Map.of())
                .setContextFlags(List.of()).setEventTime(t("2025-06-02T10:00:00Z"))
                .setDetectedAt(detected.plusSeconds(660)).build());
    }
}

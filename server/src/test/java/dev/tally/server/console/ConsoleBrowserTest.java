package dev.tally.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.invisibilityOfElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.Currency;
import dev.tally.model.CurrencyAmount;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceItem;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.LineItem;
import dev.tally.model.ListInvoicesResponse;
import dev.tally.model.WireJson;
import dev.tally.server.demo.DemoOrganization;
import dev.tally.server.demo.DemoOrganization.DemoKey;
import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.testing.TestServer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The web console end to end: a real Tally on the demo data, a real headless Chromium, a person's
 * steps. One browser for the class; each test signs in afresh. Screenshots of every page go to
 * {@code server/target/console-screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

  private static final ObjectMapper JSON = WireJson.mapper();
  private static final NumberFormat USD = NumberFormat.getCurrencyInstance(Locale.US);
  private static final DecimalFormat CREDITS =
      new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.US));

  private static TestServer server;
  private static Browser browser;
  private static String reader;
  private static String developer;
  private static String clusterOnlyAdmin;
  private static TestServer.Tenant rival;
  private static String rivalKey;
  private static Invoice rivalInvoice;

  @BeforeAll
  static void start() {
    browser = Browser.start();
    server = TestServer.on(DatabaseConfig.inMemory("console-browser" + System.nanoTime()));
    List<DemoKey> keys = DemoOrganization.seed(server.tally());
    reader = key(keys, "billing-reader");
    developer = key(keys, "developer");
    clusterOnlyAdmin = key(keys, "analytics-admin");
    // Another organization on the same server, whose data the demo's key must never show.
    rival =
        server.tenant("Rival Corp", Instant.parse("2026-06-01T00:00:00Z"), "rival-secret-ledger");
    rivalInvoice = rival.invoice(YearMonth.of(2026, 9), InvoiceStatus.FINALIZED);
    rivalKey = rival.billingKey();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void noScriptErrorsOrPolicyViolations() {
    assertThat(browser.consoleErrors())
        .as("errors in the browser's console (CSP violations, script errors)")
        .filteredOn(m -> !m.contains("the server responded with a status of"))
        .isEmpty();
  }

  private static String key(List<DemoKey> keys, String account) {
    return keys.stream().filter(k -> k.account().equals(account)).findFirst().orElseThrow().token();
  }

  // ---- steps ----

  private static WebElement find(String css) {
    return browser.waiting().until(visibilityOfElementLocated(By.cssSelector(css)));
  }

  private static void open(String hash) {
    browser.driver.get(server.uri("/console/" + hash).toString());
  }

  private static void openFresh() {
    browser.driver.get(server.uri("/console/").toString());
    browser.driver.executeScript("sessionStorage.clear()");
    browser.driver.navigate().refresh();
    find("#api-key");
  }

  private static void typeKeyAndSubmit(String key) {
    WebElement input = find("#api-key");
    input.clear();
    input.sendKeys(key);
    input.sendKeys(Keys.ENTER);
  }

  private static void signIn(String key) {
    openFresh();
    typeKeyAndSubmit(key);
    find("#invoice-table");
  }

  private static List<Invoice> apiInvoices(String key) throws Exception {
    var response = server.get("/api/v1/invoices", key);
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readValue(response.body(), ListInvoicesResponse.class).invoices();
  }

  private static byte[] bytes(String path, String key) {
    try {
      HttpResponse<byte[]> response =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(server.uri(path))
                      .header("Authorization", "Bearer " + key)
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      return response.body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static BigDecimal amount(List<CurrencyAmount> amounts, Currency currency) {
    return amounts.stream()
        .filter(a -> a.currency().is(currency))
        .map(CurrencyAmount::amount)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static String usd(BigDecimal amount) {
    return USD.format(amount);
  }

  private static String credits(BigDecimal amount) {
    return CREDITS.format(amount) + " credits";
  }

  private static String pageText() {
    return browser.driver.findElement(By.tagName("body")).getText();
  }

  // ---- tests ----

  @Test
  @Order(1)
  void aBillingKeySignsInAndSeesTwelveFinalizedMonthsAndTheRunningDraftNewestFirst()
      throws Exception {
    openFresh();
    assertThat(find("h1").getText()).isEqualTo("Sign in");
    browser.screenshot("01-sign-in");

    typeKeyAndSubmit(reader);
    List<WebElement> rows = find("#invoice-table").findElements(By.cssSelector("tbody tr"));

    List<Invoice> api = apiInvoices(reader);
    assertThat(api).hasSize(13);
    assertThat(rows).hasSize(13);
    assertThat(rows.get(0).findElement(By.cssSelector(".badge")).getText()).isEqualTo("DRAFT");
    assertThat(rows.get(0).getAttribute("class")).contains("draft");
    assertThat(rows.subList(1, 13))
        .allSatisfy(
            r ->
                assertThat(r.findElement(By.cssSelector(".badge")).getText())
                    .isEqualTo("FINALIZED"));
    assertThat(rows.get(0).findElement(By.cssSelector("th")).getText()).isEqualTo("November 2026");
    assertThat(rows.get(12).findElement(By.cssSelector("th")).getText()).isEqualTo("November 2025");
    for (int i = 0; i < 13; i++) {
      Invoice invoice = api.get(12 - i);
      WebElement row = rows.get(i);
      assertThat(row.getAttribute("data-invoice")).isEqualTo(invoice.invoiceId());
      assertThat(row.findElement(By.cssSelector(".total")).getText())
          .isEqualTo(usd(amount(invoice.totals(), Currency.USD)));
      assertThat(row.findElement(By.cssSelector(".credits")).getText())
          .isEqualTo(credits(amount(invoice.totals(), Currency.CRDB_CLOUD_CREDITS)));
      assertThat(row.findElements(By.cssSelector("button[data-download]")))
          .extracting(WebElement::getText)
          .containsExactly("PDF", "CSV");
    }
    assertThat(
            (Boolean)
                browser.driver.executeScript(
                    "return sessionStorage.getItem('tally.apiKey') === arguments[0]"
                        + " && localStorage.length === 0 && document.cookie === ''",
                    reader))
        .as("the key is in this tab's session storage only")
        .isTrue();
    browser.screenshot("02-invoices");
  }

  @Test
  @Order(2)
  void theRangeFilterKeepsTheMonthsBetweenFromAndToIncluded() {
    openFresh();
    typeKeyAndSubmit("  Bearer " + reader + " "); // as copied from a curl line
    find("#invoice-table");
    find("#range-from").sendKeys("2026-03");
    find("#range-to").sendKeys("2026-05");
    find("#range-apply").click();
    browser
        .waiting()
        .until(
            d ->
                d.findElement(By.id("invoice-count"))
                    .getText()
                    .startsWith("3 invoices from March 2026 to May 2026"));

    assertThat(browser.driver.findElements(By.cssSelector("#invoice-table tbody th")))
        .extracting(WebElement::getText)
        .containsExactly("May 2026", "April 2026", "March 2026");
    browser.screenshot("03-invoices-range");

    find("#range-from").clear();
    find("#range-from").sendKeys("2026-07");
    find("#range-apply").click();
    assertThat(find("#range-error").getText()).contains("must not be after");
  }

  @Test
  @Order(3)
  void anInvoiceShowsItsClustersLinesAdjustmentsAndCreditsWithTheApisTotal() throws Exception {
    List<Invoice> api = apiInvoices(reader);
    // A finalized month paid partly with credits, and the month with the support fee.
    Invoice withCredits =
        api.stream()
            .filter(i -> i.status().is(InvoiceStatus.FINALIZED))
            .filter(i -> amount(i.totals(), Currency.CRDB_CLOUD_CREDITS).signum() > 0)
            .findFirst()
            .orElseThrow();
    signIn(reader);
    browser
        .driver
        .findElement(
            By.cssSelector("tr[data-invoice='" + withCredits.invoiceId() + "'] a.period-link"))
        .click();

    assertThat(find("#invoice-total").getText())
        .isEqualTo(usd(amount(withCredits.totals(), Currency.USD)));
    assertThat(find("#invoice-credits-used").getText())
        .isEqualTo(credits(amount(withCredits.totals(), Currency.CRDB_CLOUD_CREDITS)));
    assertThat(find("#invoice-credits-left").getText())
        .isEqualTo(credits(amount(withCredits.balances(), Currency.CRDB_CLOUD_CREDITS)));
    assertThat(find("#invoice-id").getText()).isEqualTo(withCredits.invoiceId());
    List<WebElement> clusters = browser.driver.findElements(By.cssSelector("section.cluster"));
    assertThat(clusters)
        .extracting(c -> c.findElement(By.tagName("h3")).getText())
        .containsExactly("analytics", "checkout", "staging");
    WebElement analytics = clusters.get(0);
    assertThat(analytics.getText())
        .contains("ADVANCED", "GCP", "us-central1, us-east1", "cost_center=4100", "env=prod");
    InvoiceItem item = withCredits.invoiceItems().get(0);
    List<WebElement> lines = analytics.findElements(By.cssSelector("tbody tr"));
    assertThat(lines).hasSize(item.lineItems().size());
    for (int i = 0; i < lines.size(); i++) {
      LineItem line = item.lineItems().get(i);
      List<WebElement> cells = lines.get(i).findElements(By.tagName("td"));
      assertThat(cells.get(0).getText()).isEqualTo(line.description());
      assertThat(cells.get(1).getText().replace(",", ""))
          .startsWith(line.quantity().stripTrailingZeros().toPlainString());
      assertThat(cells.get(2).getText()).startsWith("$");
      assertThat(cells.get(3).getText()).isEqualTo(usd(line.total().amount()));
    }
    assertThat(analytics.findElement(By.cssSelector("tfoot td")).getText())
        .isEqualTo(usd(amount(item.totals(), Currency.USD)));
    assertThat(find("#adjustments").getText()).contains("Credits applied");
    browser.screenshot("04-invoice-with-credits");

    Invoice withFee =
        api.stream()
            .filter(i -> i.adjustments().stream().anyMatch(a -> a.name().startsWith("Premium")))
            .findFirst()
            .orElseThrow();
    open("#/invoices/" + withFee.invoiceId());
    browser
        .waiting()
        .until(textToBePresentInElementLocated(By.id("invoice-id"), withFee.invoiceId()));
    assertThat(find("#adjustments").getText()).contains("Premium support onboarding", "$250.00");
    assertThat(find("#invoice-total").getText())
        .isEqualTo(usd(amount(withFee.totals(), Currency.USD)));
    browser.screenshot("05-invoice-with-adjustment");

    Invoice draft = api.get(12);
    open("#/invoices/" + draft.invoiceId());
    browser
        .waiting()
        .until(textToBePresentInElementLocated(By.id("invoice-id"), draft.invoiceId()));
    assertThat(find(".notice").getText()).contains("still open");
    assertThat(find("#invoice-total").getText())
        .isEqualTo(usd(amount(draft.totals(), Currency.USD)));
    browser.screenshot("06-invoice-draft");
  }

  @Test
  @Order(4)
  void spendOverTimeStacksTheClustersAndProjectsTheRunningMonth() throws Exception {
    List<Invoice> api = apiInvoices(reader);
    signIn(reader);
    find("nav a[data-section='spend']").click();
    find("svg.chart");

    assertThat(browser.driver.findElements(By.cssSelector("svg.chart g.bar"))).hasSize(13);
    assertThat(browser.driver.findElements(By.cssSelector("svg.chart g.bar.partial"))).hasSize(1);
    assertThat(browser.driver.findElements(By.cssSelector("svg.chart .projection"))).hasSize(1);
    assertThat(find(".legend").getText()).contains("analytics", "checkout", "staging");
    // The rule is on the page, and the figure follows it: so far / 14.5 days x 30 days.
    assertThat(find("#projection-rule").getText())
        .contains("spend so far ÷ elapsed days × days in the month");
    Invoice draft = api.get(12);
    BigDecimal soFar =
        draft.invoiceItems().stream()
            .map(i -> amount(i.totals(), Currency.USD))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(find("#spent-so-far").getText()).isEqualTo(usd(soFar));
    BigDecimal projected =
        soFar
            .multiply(BigDecimal.valueOf(30))
            .divide(new BigDecimal("14.5"), 2, RoundingMode.HALF_UP);
    BigDecimal shown = new BigDecimal(find("#projected").getText().replaceAll("[$,]", ""));
    assertThat(shown)
        .isCloseTo(projected, org.assertj.core.data.Offset.offset(new BigDecimal("0.01")));
    browser.screenshot("07-spend");
  }

  @Test
  @Order(5)
  void atPhoneWidthThePagesStayUsable() throws Exception {
    signIn(reader);
    Dimension wide = browser.driver.manage().window().getSize();
    try {
      browser.driver.manage().window().setSize(new Dimension(390, 844));
      Number overflow =
          (Number)
              browser.driver.executeScript(
                  "return document.documentElement.scrollWidth - window.innerWidth");
      assertThat(overflow.intValue()).as("no sideways scrolling").isLessThanOrEqualTo(0);
      assertThat(find("#invoice-table tbody tr .total").isDisplayed()).isTrue();
      browser.screenshot("08-invoices-phone");
      open("#/invoices/" + apiInvoices(reader).get(1).invoiceId());
      find("#invoice-total");
      overflow =
          (Number)
              browser.driver.executeScript(
                  "return document.documentElement.scrollWidth - window.innerWidth");
      assertThat(overflow.intValue()).as("no sideways scrolling").isLessThanOrEqualTo(0);
      browser.screenshot("09-invoice-phone");
    } finally {
      browser.driver.manage().window().setSize(wide);
    }
  }

  @Test
  @Order(6)
  void theKeyboardAloneReachesSignInNavigationAndDownloads() {
    openFresh();
    assertThat(browser.driver.switchTo().activeElement().getAttribute("id"))
        .as("the key field has the focus on arrival")
        .isEqualTo("api-key");
    browser.driver.switchTo().activeElement().sendKeys(reader, Keys.ENTER);
    find("#invoice-table");
    // From the page's heading (focused after each navigation), back through the header, in order.
    List<String> backwards = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      browser.driver.switchTo().activeElement().sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
      backwards.add(browser.driver.switchTo().activeElement().getText());
    }
    assertThat(backwards).containsExactly("Sign out", "Credits", "Spend", "Invoices");
    browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
    assertThat(browser.driver.switchTo().activeElement().getText()).isEqualTo("Spend");
    assertThat(
            (String)
                browser.driver.executeScript(
                    "return getComputedStyle(document.activeElement).outlineStyle"))
        .as("the focused link shows a focus ring")
        .isEqualTo("solid");
    browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    find("svg.chart");
    // Forward from the heading: the range form, then the first invoice and its download buttons.
    open("#/invoices");
    find("#invoice-table");
    List<String> forwards = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
      forwards.add(browser.driver.switchTo().activeElement().getText());
    }
    assertThat(forwards).containsSequence("November 2026", "PDF", "CSV");
  }

  @Test
  @Order(7)
  void theCsvAndThePdfDownloadWithTheKeyAndHoldTheInvoice() throws Exception {
    List<Invoice> api = apiInvoices(reader);
    Invoice invoice =
        api.stream()
            .filter(i -> amount(i.totals(), Currency.CRDB_CLOUD_CREDITS).signum() > 0)
            .findFirst()
            .orElseThrow();
    signIn(reader);
    WebElement row = find("tr[data-invoice='" + invoice.invoiceId() + "']");

    row.findElement(By.cssSelector("button[data-download='csv']")).click();
    Path csv = browser.downloaded(invoice.invoiceId() + ".csv");
    browser
        .waiting()
        .until(
            textToBePresentInElementLocated(
                By.id("toast"), "Saved " + invoice.invoiceId() + ".csv"));
    assertThat(Files.readAllBytes(csv))
        .as("the file saved is the route's answer, byte for byte")
        .isEqualTo(bytes("/tally/v1/invoices/" + invoice.invoiceId() + "/csv", reader));
    String csvText = Files.readString(csv);
    for (InvoiceItem item : invoice.invoiceItems()) {
      assertThat(csvText).contains(item.cluster().id(), item.cluster().name());
      for (LineItem line : item.lineItems()) {
        assertThat(csvText).contains(line.description(), line.total().amount().toPlainString());
      }
    }
    assertThat(csvText).contains("Credits applied");
    BigDecimal usdSum = BigDecimal.ZERO;
    try (CSVParser rows =
        CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new java.io.StringReader(csvText))) {
      for (CSVRecord record : rows) {
        assertThat(record.get("invoice_id")).isEqualTo(invoice.invoiceId());
        if (record.get("currency").equals("USD")) {
          usdSum = usdSum.add(new BigDecimal(record.get("amount")));
        }
      }
    }
    assertThat(usdSum).isEqualByComparingTo(amount(invoice.totals(), Currency.USD));

    row = find("tr[data-invoice='" + invoice.invoiceId() + "']");
    row.findElement(By.cssSelector("button[data-download='pdf']")).click();
    Path pdf = browser.downloaded(invoice.invoiceId() + ".pdf");
    try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
      String text = new PDFTextStripper().getText(document);
      assertThat(text).contains(invoice.invoiceId());
      for (InvoiceItem item : invoice.invoiceItems()) {
        assertThat(text).contains(item.cluster().name());
      }
      String total = amount(invoice.totals(), Currency.USD).toPlainString();
      assertThat(text.replace(",", "")).contains(total);
    }

    // The running month's draft, from its own page.
    Invoice draft = api.get(12);
    open("#/invoices/" + draft.invoiceId());
    browser
        .waiting()
        .until(textToBePresentInElementLocated(By.id("invoice-id"), draft.invoiceId()));
    find(".invoice-head button[data-download='pdf']").click();
    try (PDDocument document =
        Loader.loadPDF(browser.downloaded(draft.invoiceId() + ".pdf").toFile())) {
      assertThat(new PDFTextStripper().getText(document)).contains("DRAFT");
    }
    browser.screenshot("10-downloaded");
  }

  @Test
  @Order(8)
  void theCreditsPageShowsTheBalanceTheDailyAverageAndTheGrantsInDrawOrder() throws Exception {
    JsonNode api = JSON.readTree(server.get("/tally/v1/credits", reader).body());
    signIn(reader);
    find("nav a[data-section='credits']").click();

    assertThat(find("#credits-available").getText())
        .isEqualTo(usd(new BigDecimal(api.get("available").asText())));
    assertThat(find("#credits-average").getText())
        .isEqualTo(usd(new BigDecimal(api.get("average_daily_draw_last_30_days").asText())));
    List<WebElement> grants = browser.driver.findElements(By.cssSelector("#grants tbody tr"));
    assertThat(grants).hasSize(api.get("grants").size());
    for (int i = 0; i < grants.size(); i++) {
      JsonNode grant = api.get("grants").get(i);
      assertThat(grants.get(i).getAttribute("data-grant")).isEqualTo(grant.get("id").asText());
      assertThat(grants.get(i).getText())
          .contains(usd(new BigDecimal(grant.get("remaining").asText())));
    }
    assertThat(find("#org-name").getText()).isEqualTo("Acme Demo");
    browser.screenshot("11-credits");
  }

  @Test
  @Order(20)
  void signingOutForgetsTheKey() {
    signIn(reader);
    find("#sign-out").click();

    find("#api-key");
    browser.waiting().until(invisibilityOfElementLocated(By.id("nav")));
    assertThat(
            (Boolean)
                browser.driver.executeScript(
                    "return sessionStorage.getItem('tally.apiKey') === null"))
        .isTrue();
    assertThat(pageText()).doesNotContain("November 2026");
    open("#/invoices");
    browser.driver.navigate().refresh();
    assertThat(find("h1").getText()).isEqualTo("Sign in");
    browser.screenshot("12-signed-out");
  }

  @Test
  @Order(21)
  void aKeyWithoutABillingRoleIsToldWhyInWords() {
    openFresh();
    typeKeyAndSubmit(developer);

    WebElement error = find("#sign-in-error");
    assertThat(error.getText())
        .contains("This key is valid, but its service account is not allowed to see billing")
        .contains("Billing Coordinator or Cluster Admin role on the whole organization");
    assertThat(
            (Boolean)
                browser.driver.executeScript(
                    "return sessionStorage.getItem('tally.apiKey') === null"))
        .as("a refused key is not kept")
        .isTrue();
    assertThat(browser.driver.findElement(By.id("nav")).isDisplayed()).isFalse();
    browser.screenshot("13-forbidden-key");

    typeKeyAndSubmit(clusterOnlyAdmin);
    browser
        .waiting()
        .until(textToBePresentInElementLocated(By.id("sign-in-error"), "single cluster"));
  }

  @Test
  @Order(22)
  void anUnknownKeyIsToldItIsNotRecognised() {
    openFresh();
    typeKeyAndSubmit("TALLY1_nosuchkey_" + "x".repeat(40));

    assertThat(find("#sign-in-error").getText()).startsWith("This key is not recognised.");
    assertThat(browser.driver.findElement(By.id("nav")).isDisplayed()).isFalse();
    browser.screenshot("14-unknown-key");

    typeKeyAndSubmit(server.operatorKey());
    browser
        .waiting()
        .until(textToBePresentInElementLocated(By.id("sign-in-error"), "This is an operator key"));

    typeKeyAndSubmit("   ");
    browser
        .waiting()
        .until(textToBePresentInElementLocated(By.id("sign-in-error"), "Paste an API key"));
  }

  @Test
  @Order(23)
  void aKeyRevokedWhileSignedInSendsThePersonBackToSignIn() {
    String doomed = rival.billingKey();
    signIn(doomed);
    String keyId = doomed.split("_")[1];
    server.write(db -> db.apiKeys().revoke(keyId, server.clock().instant()));
    // Revoked behind the server's back: it stops working once the key cache's bound passes.
    server.clock().advance(dev.tally.server.auth.CredentialCache.DEFAULT_STALENESS);

    find("nav a[data-section='spend']").click();

    assertThat(find("#sign-in-error").getText()).contains("Your key is no longer accepted");
    assertThat(
            (Boolean)
                browser.driver.executeScript(
                    "return sessionStorage.getItem('tally.apiKey') === null"))
        .isTrue();
  }

  @Test
  @Order(30)
  void theConsoleNeverShowsAnotherOrganizationsData() throws Exception {
    String rivalCluster = "rival-secret-ledger";
    signIn(reader);
    for (String hash :
        List.of("#/invoices", "#/spend", "#/invoices/" + apiInvoices(reader).get(3).invoiceId())) {
      open(hash);
      browser.waiting().until(presenceOfElementLocated(By.cssSelector("#view h1")));
      Thread.sleep(200);
      assertThat(browser.driver.getPageSource())
          .as(hash)
          .doesNotContain(rivalCluster)
          .doesNotContain(rival.orgId())
          .doesNotContain(rivalInvoice.invoiceId());
    }
    // The rival's invoice id, typed into the address: the same answer as an id that does not exist.
    open("#/invoices/" + rivalInvoice.invoiceId());
    assertThat(find("#not-found").getText())
        .isEqualTo("Your organization has no invoice “" + rivalInvoice.invoiceId() + "”.");
    assertThat(browser.driver.getPageSource()).doesNotContain(rivalCluster);
    browser.screenshot("15-other-organizations-invoice");

    assertThat(find("#org-name").getText()).isEqualTo("Acme Demo");

    // And the rival's key sees its own month only, none of the demo's.
    signIn(rivalKey);
    browser.waiting().until(textToBePresentInElementLocated(By.id("org-name"), "Rival Corp"));
    assertThat(browser.driver.findElements(By.cssSelector("#invoice-table tbody tr")))
        .extracting(r -> r.getAttribute("data-invoice"))
        .contains(rivalInvoice.invoiceId())
        .noneMatch(id -> id.contains(DemoOrganization.ORGANIZATION_ID));
    open("#/spend");
    find("svg.chart");
    assertThat(find(".legend").getText()).contains(rivalCluster).doesNotContain("analytics");
    open("#/credits");
    find("#credits-available");
    assertThat(browser.driver.findElements(By.cssSelector("#grants tbody tr")))
        .as("the demo's grant is not the rival's")
        .isEmpty();
    assertThat(browser.driver.getPageSource()).doesNotContain("Acme Demo");
  }
}

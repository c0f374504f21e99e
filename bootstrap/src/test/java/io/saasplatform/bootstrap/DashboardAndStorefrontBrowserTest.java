package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import io.saasplatform.testsupport.TestRedis;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard and the storefront in a real headless Chromium against the real platform (PostgreSQL with row-level
 * security, Redis, mock sign-in). One browser for the class; every test uses its own users and shops and starts
 * signed out.
 */
class DashboardAndStorefrontBrowserTest {
    static final String XSS = "<img src=x onerror=window.__xss=1>";
    private static final Duration TOKEN_TTL = Duration.ofMinutes(15);
    private static final String CLIENT_HEADER = "X-Test-Client";

    @TempDir
    static Path dataDir;

    private static RunningPlatform platform;
    // Access tokens' clock: scenario 7 moves it past their lifetime (TOKEN_TTL) instead of waiting for it.
    private static final AdjustableClock TOKEN_CLOCK = new AdjustableClock();
    private static ChromeDriver driver;

    @RegisterExtension
    final Browser.SaveOnFailure saveOnFailure = new Browser.SaveOnFailure(() -> driver);

    @BeforeAll
    static void start() {
        Browser.requireInstalled();
        TestRedis.flushAll();
        // Set-up sign-ins through the API come from addresses of their own: the browser's sign-ins then stay well
        // inside the per-address limit (10 a minute) that they share.
        platform = RunningPlatform.start(dataDir, Map.of("CLIENT_ADDRESS_HEADER", CLIENT_HEADER,
                "ACCESS_TOKEN_TTL_SECONDS", String.valueOf(TOKEN_TTL.toSeconds()),
                // Bulk description jobs are picked up promptly.
                "WORKER_POLL_INTERVAL_MS", "100"), TOKEN_CLOCK);
        driver = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @BeforeEach
    void signedOut() {
        // The refresh cookie lives under /auth: WebDriver's deleteAllCookies sees only the current page's cookies.
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        List<String> windows = List.copyOf(driver.getWindowHandles());
        for (String extra : windows.subList(1, windows.size())) {
            driver.switchTo().window(extra).close();
        }
        driver.switchTo().window(windows.getFirst());
    }

    // --- scenario 1: an owner builds a shop and the storefront shows it

    @Test
    void an_owner_signs_in_creates_a_shop_a_category_and_a_product_with_an_image_publishes_it_and_the_storefront_shows_it()
            throws Exception {
        String slug = slug("owner");
        signIn(email("owner"));
        fill("#create-shop", Map.of("name", "Cardamom House", "slug", slug, "defaultCurrency", "KWD"));
        submit("#create-shop");
        waitText(By.id("who"), "Cardamom House");

        driver.get(url("/app/#/categories"));
        fill("#create-category", Map.of("name", "Coffee"));
        submit("#create-category");
        waitText(By.id("category-tree"), "Coffee");

        driver.get(url("/app/#/products"));
        waitVisible(By.cssSelector("#create-product"));
        fill("#create-product", Map.of("name", "Cardamom Beans", "price", "4.25"));
        new Select(driver.findElement(By.cssSelector("#create-product [name=categoryId]"))).selectByVisibleText("Coffee");
        submit("#create-product");
        waitVisible(By.id("product-editor"));

        // The image goes through the presigned URL (the local store here), is completed, attached, and given alt text.
        driver.findElement(By.id("image-file")).sendKeys(png(64, 48).toString());
        waitVisible(By.cssSelector("#product-images img.thumb"));
        replace("#product-images input", "Green cardamom pods");
        driver.findElement(By.id("save-images")).click();
        waitText(By.id("status"), "Images saved");
        // Publishing after the image: the editor's If-Match follows the version the image save produced.
        new Select(driver.findElement(By.cssSelector("#product-editor [name=status]"))).selectByValue("published");
        submit("#product-editor");
        waitText(By.id("status"), "Saved");
        assertThat(driver.findElements(By.id("conflict"))).isEmpty();
        saveScreenshot("dashboard-product-editor");

        driver.get(url("/shops/" + slug));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Cardamom House");
        WebElement card = driver.findElement(By.cssSelector(".products .card"));
        assertThat(card.findElement(By.tagName("h2")).getText()).isEqualTo("Cardamom Beans");
        assertThat(card.findElement(By.className("price")).getText()).isEqualTo("KWD 4.250");
        assertThat(card.findElement(By.tagName("img")).getAttribute("alt")).isEqualTo("Green cardamom pods");
        saveScreenshot("storefront-home");
        card.findElement(By.tagName("a")).click();
        waitText(By.tagName("h1"), "Cardamom Beans");
        assertThat(driver.findElement(By.className("price")).getText()).isEqualTo("KWD 4.250");
        WebElement image = driver.findElement(By.cssSelector(".gallery img"));
        assertThat(image.getAttribute("alt")).isEqualTo("Green cardamom pods");
        waiting().until(d -> ((JavascriptExecutor) d).executeScript("return arguments[0].complete", image));
        assertThat(((JavascriptExecutor) driver).executeScript("return arguments[0].naturalWidth", image))
                .isEqualTo(64L);
    }

    /** A real PNG of {@code width} by {@code height}, written where the browser's file input can pick it up. */
    private static Path png(int width, int height) throws Exception {
        var picture = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                picture.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | 0x40);
            }
        }
        Path file = Files.createTempFile(dataDir, "cardamom-", ".png");
        javax.imageio.ImageIO.write(picture, "png", file.toFile());
        return file.toAbsolutePath();
    }

    // --- scenario 2: keyboard only

    @Test
    void with_the_keyboard_alone_a_user_signs_in_and_creates_a_product_and_focus_is_always_visible() {
        String email = email("keys");
        String slug = slug("keys");
        ownerOfNewShop(email, slug, "USD");
        driver.get(url("/app/"));
        waitVisible(By.id("sign-in"));

        keys(email, Keys.ENTER);
        // A user with one shop lands in it.
        waitText(By.id("who"), "Shop " + slug);
        waitVisible(By.id("create-product"));
        tabTo("#create-product [name=name]");
        keys("Keyboard Mug");
        tabTo("#create-product [name=price]");
        keys("9.5", Keys.ENTER);

        waitVisible(By.id("product-editor"));
        assertThat(driver.findElement(By.cssSelector("#product-editor [name=price]")).getDomProperty("value"))
                .isEqualTo("9.50");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Edit Keyboard Mug");
    }

    // --- scenario 3: two sessions, one product

    @Test
    void when_two_sessions_edit_one_product_the_second_save_shows_the_conflict_and_nothing_is_overwritten() {
        String email = email("twice");
        String slug = slug("twice");
        String token = ownerOfNewShop(email, slug, "USD");
        String id = platform.post("/tenants/me/products", token, Map.of("name", "Original", "price", "5")).text("/id");
        signIn(email);
        openShop(slug);

        driver.get(url("/app/#/products/" + id));
        waitVisible(By.id("product-editor"));
        String first = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        driver.get(url("/app/#/products/" + id));
        waitVisible(By.id("product-editor"));
        String second = driver.getWindowHandle();

        driver.switchTo().window(first);
        replace("#product-editor [name=name]", "Renamed in the first session");
        submit("#product-editor");
        waitText(By.id("status"), "Saved");

        driver.switchTo().window(second);
        replace("#product-editor [name=description]", "Written in the second session");
        submit("#product-editor");
        waitVisible(By.id("conflict"));

        assertThat(driver.findElement(By.id("conflict")).getText()).contains("changed elsewhere");
        JsonNode stored = platform.get("/tenants/me/products/" + id, token).body();
        assertThat(stored.get("name").asText()).isEqualTo("Renamed in the first session");
        assertThat(stored.get("description").isNull()).isTrue();
    }

    // --- scenario 4: roles

    @Test
    void staff_see_no_member_management_or_settings_and_a_forged_call_from_the_page_is_refused_with_403() {
        String slug = slug("roles");
        String ownerToken = ownerOfNewShop(email("boss"), slug, "USD");
        String staff = email("staff");
        signInThroughApi(staff);
        platform.execute("INSERT INTO memberships (tenant_id, user_id, role) "
                + "SELECT ?::uuid, id, 'staff' FROM users WHERE email = ?", platform.tenantId(ownerToken).toString(), staff);
        signIn(staff);
        openShop(slug);

        @SuppressWarnings("unchecked")
        List<String> sections = (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll('#nav a')].map((a) => a.textContent);");
        assertThat(sections).contains("Products", "Categories").doesNotContain("Members", "Settings", "Visits");
        Object status = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/app/api.js')
                  .then((m) => m.api('PATCH', '/tenants/me', { name: 'Taken over' }))
                  .then(() => done('accepted'), (e) => done(e.status));
                """);
        assertThat(status).isEqualTo(403L);
        assertThat(platform.get("/tenants/me", ownerToken).text("/name")).isEqualTo("Shop " + slug);
    }

    // --- scenario 5: hostile names are text

    @Test
    void a_shop_category_and_product_named_like_markup_render_as_text_everywhere_and_no_script_runs() {
        String email = email("xss");
        String slug = slug("xss");
        String token = ownerOfNewShop(email, slug, "USD");
        platform.patch("/tenants/me", token, Map.of("name", XSS));
        String category = platform.post("/tenants/me/categories", token, Map.of("name", XSS, "slug", "evil")).text("/id");
        platform.post("/tenants/me/products", token, Map.of("name", XSS, "slug", "evil-product", "price", "1",
                "status", "published", "categoryId", category, "description", XSS));

        for (String page : List.of("/shops/" + slug, "/shops/" + slug + "/c/evil", "/shops/" + slug + "/p/evil-product")) {
            driver.get(url(page));
            assertThat(driver.findElement(By.tagName("h1")).getText()).as(page).isEqualTo(XSS);
            assertThat(driver.findElements(By.cssSelector("img[src=x]"))).as(page).isEmpty();
            assertThat(xssFlag()).as(page).isNull();
            assertThat(header(page, "Content-Security-Policy")).as(page).contains("script-src 'self'");
        }
        signIn(email);
        waitText(By.id("who"), XSS + " (owner)");
        driver.get(url("/app/#/products"));
        waitText(By.id("product-rows"), XSS);
        driver.get(url("/app/#/categories"));
        waitText(By.id("category-tree"), XSS);
        assertThat(driver.findElement(By.id("who")).getText()).contains(XSS);
        assertThat(driver.findElements(By.cssSelector("img[src=x]"))).isEmpty();
        assertThat(xssFlag()).isNull();
        assertThat(header("/app/", "Content-Security-Policy")).contains("script-src 'self'");
    }

    // --- scenario 6: accessibility

    @Test
    void axe_finds_no_serious_or_critical_violation_on_the_storefront_sign_in_product_editor_and_storefront_settings() {
        String email = email("axe");
        String slug = slug("axe");
        String token = ownerOfNewShop(email, slug, "KWD");
        String id = platform.post("/tenants/me/products", token, Map.of("name", "Accessible Tea", "slug", "tea",
                "price", "4.25", "status", "published", "description", "Loose leaf.")).text("/id");

        driver.get(url("/app/"));
        waitVisible(By.id("sign-in"));
        assertAccessible("sign-in page");
        signIn(email);
        openShop(slug);
        driver.get(url("/app/#/products/" + id));
        waitVisible(By.id("product-editor"));
        assertAccessible("product editor");
        // The storefront settings give the shop its face, which the storefront then wears.
        driver.get(url("/app/#/settings"));
        waitVisible(By.id("storefront-config"));
        assertAccessible("storefront settings");
        fill("#storefront-config", Map.of("title", "The Tea Rooms", "tagline", "Loose leaf since 1920"));
        driver.findElement(By.id("use-accent")).click();
        ((JavascriptExecutor) driver).executeScript(
                "document.querySelector('#storefront-config [name=accentColor]').value = '#a0522d'");
        submit("#storefront-config");
        waitText(By.id("status"), "Storefront saved");

        assertNoSeriousViolations(url("/shops/" + slug));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("The Tea Rooms");
        assertThat(driver.findElement(By.className("tagline")).getText()).isEqualTo("Loose leaf since 1920");
        assertThat(((JavascriptExecutor) driver).executeScript(
                "return getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()"))
                .isEqualTo("#a0522d");
        assertNoSeriousViolations(url("/shops/" + slug + "/p/tea"));
    }

    // --- AI: bulk descriptions with a progress bar

    @Test
    void a_bulk_description_job_started_from_the_dashboard_shows_its_progress_bar_until_it_is_done() {
        String email = email("bulk");
        String slug = slug("bulk");
        String token = ownerOfNewShop(email, slug, "USD");
        List<String> ids = List.of("Oolong", "Sencha", "Assam").stream()
                .map(name -> platform.post("/tenants/me/products", token, Map.of("name", name, "price", "5")).text("/id"))
                .toList();
        signIn(email);
        openShop(slug);

        driver.get(url("/app/#/ai"));
        waitVisible(By.id("bulk-describe"));
        driver.findElement(By.cssSelector("#bulk-describe [name=apply]")).click();
        submit("#bulk-describe");

        // The page polls the job; the bar fills to its maximum and the status reads done.
        waiting().until(d -> "succeeded".equals(d.findElement(By.id("job-status")).getDomAttribute("data-status")));
        WebElement bar = driver.findElement(By.id("job-progress"));
        assertThat(bar.isDisplayed()).isTrue();
        assertThat(bar.getDomProperty("max")).isEqualTo("3");
        assertThat(bar.getDomProperty("value")).isEqualTo("3");
        assertThat(driver.findElement(By.id("job-status")).getText()).isEqualTo("3 of 3 products: done");
        for (String id : ids) {
            assertThat(platform.get("/tenants/me/products/" + id, token).text("/description")).isNotBlank();
        }
    }

    // --- scenario 7: sessions

    @Test
    void after_the_access_token_expires_the_dashboard_keeps_working_through_the_refresh_cookie_without_a_new_sign_in() {
        String email = email("expiry");
        signIn(email);
        waitVisible(By.id("create-shop"));
        // Every API call the page makes from now on, with its answer's status, in order.
        ((JavascriptExecutor) driver).executeScript("""
                window.__calls = [];
                const original = window.fetch;
                window.fetch = async (url, options = {}) => {
                  const response = await original(url, options);
                  window.__calls.push(`${options.method || 'GET'} ${url} ${response.status}`);
                  return response;
                };""");

        // Past the lifetime and the verifier's 30 s of allowed skew: the token in the page's memory is now expired.
        TOKEN_CLOCK.advance(TOKEN_TTL.plusSeconds(31));
        String slug = slug("expiry");
        fill("#create-shop", Map.of("name", "After Expiry", "slug", slug, "defaultCurrency", "USD"));
        submit("#create-shop");

        waitText(By.id("who"), "After Expiry (owner)");
        assertThat(driver.findElements(By.id("sign-in"))).isEmpty();
        @SuppressWarnings("unchecked")
        List<String> calls = (List<String>) ((JavascriptExecutor) driver).executeScript("return window.__calls");
        assertThat(calls).containsSubsequence("POST /tenants 401", "POST /auth/refresh 200", "POST /tenants 201");
        assertThat(calls).noneMatch(call -> call.contains("/auth/login") || call.contains("/auth/mock-idp"));
        assertThat(platform.queryLong("SELECT count(*) FROM tenants WHERE slug = ?", slug)).isEqualTo(1);
    }

    @Test
    void a_reload_keeps_the_session_through_the_refresh_cookie_and_after_logout_a_reload_shows_the_sign_in_page() {
        String email = email("session");
        signIn(email);

        driver.navigate().refresh();
        waitText(By.id("who"), email);

        driver.findElement(By.id("sign-out")).click();
        waitVisible(By.id("sign-in"));
        driver.navigate().refresh();
        waitVisible(By.id("sign-in"));
        assertThat(driver.findElements(By.id("sign-out"))).isEmpty();
    }

    // --- helpers

    /** Signs {@code email} in through the API from an address of its own; returns the tenantless access token. */
    private static String signInThroughApi(String email) {
        String idToken = platform.post("/auth/mock-idp/token", null, Map.of("email", email)).text("/idToken");
        String address = "10.1." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250) + ":4000";
        RunningPlatform.Response login = platform.send("POST", "/auth/login", null, Map.of("idToken", idToken),
                CLIENT_HEADER, address);
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        return login.text("/accessToken");
    }

    /** A new shop owned by {@code email}; returns an access token scoped to it. */
    private static String ownerOfNewShop(String email, String slug, String currency) {
        String tenantless = signInThroughApi(email);
        assertThat(platform.post("/tenants", tenantless, Map.of("slug", slug, "name", "Shop " + slug,
                "defaultCurrency", currency)).status()).isEqualTo(201);
        return platform.post("/auth/switch-tenant", tenantless, Map.of("tenantSlug", slug)).text("/accessToken");
    }

    private static String header(String path, String name) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(platform.uri(path)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.headers().firstValue(name).orElse("");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String url(String path) {
        return platform.uri(path).toString();
    }

    private static String email(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static String slug(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    private static void waitVisible(By by) {
        waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static void waitText(By by, String text) {
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    private static void signIn(String email) {
        driver.get(url("/app/"));
        waitVisible(By.id("sign-in"));
        fill("#sign-in", Map.of("email", email));
        submit("#sign-in");
        waitText(By.id("who"), email);
    }

    /** Makes {@code slug} the dashboard's current shop (a user with one shop is already in it after signing in). */
    private static void openShop(String slug) {
        if (driver.findElement(By.id("who")).getText().contains("Shop " + slug + " (")) {
            return;
        }
        driver.get(url("/app/#/shops"));
        waitVisible(By.id("switch-shop"));
        fill("#switch-shop", Map.of("tenantSlug", slug));
        submit("#switch-shop");
        waitText(By.id("who"), "Shop " + slug + " (");
        waitVisible(By.id("create-product"));
    }

    private static void fill(String form, Map<String, String> values) {
        waitVisible(By.cssSelector(form));
        values.forEach((name, value) -> replace(form + " [name=" + name + "]", value));
    }

    private static void replace(String selector, String value) {
        WebElement input = driver.findElement(By.cssSelector(selector));
        input.clear();
        input.sendKeys(value);
    }

    private static void submit(String form) {
        driver.findElement(By.cssSelector(form + " button[type=submit]")).click();
    }

    private static void keys(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** Presses Tab until {@code selector} has focus (at most 80 times) and checks the focus is drawn. */
    private static void tabTo(String selector) {
        WebElement target = driver.findElement(By.cssSelector(selector));
        for (int i = 0; i < 80 && !target.equals(driver.switchTo().activeElement()); i++) {
            keys(Keys.TAB);
        }
        assertThat(driver.switchTo().activeElement()).as("focus on %s", selector).isEqualTo(target);
        String outline = (String) ((JavascriptExecutor) driver).executeScript(
                "const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth;");
        assertThat(outline).as("focus ring on %s", selector).doesNotStartWith("none").doesNotEndWith(" 0px");
    }

    private static Object xssFlag() {
        return ((JavascriptExecutor) driver).executeScript("return window.__xss === undefined ? null : window.__xss;");
    }

    private static void assertNoSeriousViolations(String address) {
        driver.get(address);
        assertAccessible(address);
    }

    private static void assertAccessible(String what) {
        Results results = new AxeBuilder().analyze(driver);
        List<String> serious = results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .map(DashboardAndStorefrontBrowserTest::describe)
                .toList();
        assertThat(serious).as("serious or critical axe violations on %s", what).isEmpty();
    }

    private static String describe(Rule rule) {
        return rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at "
                + rule.getNodes().stream().map(node -> String.valueOf(node.getTarget())).toList();
    }

    /** Pictures for the README, refreshed by every run: target/screenshots/. */
    private static void saveScreenshot(String name) throws Exception {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }
}

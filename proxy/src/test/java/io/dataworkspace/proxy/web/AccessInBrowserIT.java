package io.dataworkspace.proxy.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.instance.Instance;
import io.dataworkspace.launcher.instance.InstanceRepository;
import io.dataworkspace.launcher.instance.Phase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The web UI in Debian's Chromium against the whole platform: admins grant datasets, tools and visualisations on the
 * admin pages; users see and use them from the home page, and a tool started after a grant reads the dataset's table
 * with its own credentials (and, after a revoke, cannot). Needs the Debian packages chromium, chromium-driver,
 * python3-flask and postgresql-client (psql).
 */
class AccessInBrowserIT {
    @TempDir
    static Path dataDir;

    private static UiFixture platform;
    private static UiBrowser browser;

    @BeforeAll
    static void start() throws Exception {
        platform = UiFixture.start(dataDir);
        browser = new UiBrowser(platform.origin(), dataDir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void shouldShowADatasetGrantedOnTheAdminPageOnTheUsersHomePage() {
        browser.signIn("grace@example.test", "Grace", "/");
        browser.visible(By.xpath("//h2[text()='Your datasets']"));
        assertThat(browser.driver.findElements(By.cssSelector("[data-dataset]"))).isEmpty();
        browser.signOut();

        browser.signIn(UiFixture.ADMIN, "Ada Admin", "/admin/datasets");
        browser.visible(By.xpath("//summary[text()='Add a dataset']")).click();
        WebElement add = browser.visible(By.cssSelector("form[aria-label='Add a dataset']"));
        add.findElement(By.name("name")).sendKeys("trade");
        add.findElement(By.name("description")).sendKeys("Monthly trade flows");
        add.findElement(By.name("tables")).sendKeys("public.trade");
        add.findElement(By.name("s3Prefixes")).sendKeys("datasets/trade/");
        add.findElement(By.cssSelector("button[type=submit]")).click();
        browser.noticeContains("Added the dataset trade");
        WebElement grant = browser.visible(By.cssSelector("section[data-dataset='trade'] form[aria-label='Grant trade']"));
        grant.findElement(By.name("who")).sendKeys("grace@example.test");
        grant.findElement(By.cssSelector("button[type=submit]")).click();
        browser.noticeContains("Granted trade to grace@example.test");
        browser.visible(By.cssSelector("section[data-dataset='trade'] [data-grantee='User grace@example.test']"));
        browser.signOut();

        browser.signIn("grace@example.test", "Grace", "/");
        WebElement card = browser.visible(By.cssSelector("section[data-dataset='trade']"));
        assertThat(card.getText()).contains("Monthly trade flows", "public.trade", "DATABASE_DSN__", "PGHOST",
                "datasets/trade/");
        browser.signOut();
    }

    @Test
    void shouldRenderHostileDatasetNamesAsText() {
        browser.signIn("hal@example.test", "Hal", "/");
        String hal = platform.user("hal@example.test").id();
        String hostile = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>";
        long id = platform.jdbc().queryOne("INSERT INTO datasets (name, description) VALUES (?, ?) RETURNING id",
                rs -> rs.getLong(1), hostile, hostile).orElseThrow();
        platform.jdbc().update("INSERT INTO dataset_grants (dataset_id, user_id) VALUES (?, ?)", id, hal);
        browser.driver.navigate().refresh();
        WebElement card = browser.visible(By.cssSelector("section[aria-labelledby='dataset-" + id + "']"));
        assertThat(card.findElement(By.tagName("h3")).getText()).isEqualTo(hostile);
        assertThat(card.findElements(By.tagName("img"))).isEmpty();
        assertThat(card.findElements(By.tagName("script"))).isEmpty();
        assertThat(browser.script("return window.pwned === undefined")).isEqualTo(true);
        browser.signOut();
    }

    @Test
    void shouldLetAUserBrowseDatasetsTheyDoNotHoldAndRequestOneWithHostileNamesInert() {
        String hostile = "<img src=x onerror=\"window.pwned=3\">census";
        long id = platform.jdbc().queryOne("INSERT INTO datasets (name, description) VALUES (?, ?) RETURNING id",
                rs -> rs.getLong(1), hostile, "<b>bold</b> description").orElseThrow();
        browser.signIn("nia@example.test", "Nia", "/");
        browser.visible(By.xpath("//h2[text()='Browse datasets']"));
        WebElement card = browser.visible(By.cssSelector("section[aria-labelledby='catalogue-" + id + "']"));
        assertThat(card.findElement(By.tagName("h3")).getText()).isEqualTo(hostile);
        assertThat(card.getText()).contains("<b>bold</b> description", "Owner: none");
        assertThat(card.findElements(By.tagName("img"))).isEmpty();
        assertThat(card.findElements(By.tagName("b"))).isEmpty();
        assertThat(browser.driver.findElements(By.cssSelector("section[aria-labelledby='dataset-" + id + "']")))
                .isEmpty();
        WebElement ask = card.findElement(By.cssSelector("form"));
        ask.findElement(By.name("reason")).sendKeys("census work");
        ask.findElement(By.cssSelector("button[type=submit]")).click();
        browser.visible(By.cssSelector("section[aria-labelledby='catalogue-" + id + "'] [data-catalogue-state='pending']"));
        assertThat(browser.visible(By.cssSelector("[data-request-state]")).getText()).isEqualTo("PENDING");
        assertThat(platform.jdbc().queryOne("SELECT reason FROM access_requests WHERE dataset_id = ?",
                rs -> rs.getString(1), id)).contains("census work");
        assertThat(browser.script("return window.pwned === undefined")).isEqualTo(true);
        browser.signOut();
    }

    @Test
    void shouldLetAUserRequestAToolAndOpenItOnceAnAdminApproves() {
        platform.jdbc().update("UPDATE tools SET access = 'granted' WHERE slug = 'vault'");
        browser.signIn("henry@example.test", "Henry", "/");
        assertThat(browser.visible(By.cssSelector("[data-state='vault']")).getText()).isEqualTo("No access");
        assertThat(browser.driver.findElements(By.cssSelector("a[data-tool='vault']"))).isEmpty();
        WebElement ask = browser.visible(By.cssSelector("form[aria-label='Request access to Vault']"));
        ask.findElement(By.name("reason")).sendKeys("quarterly numbers");
        ask.findElement(By.cssSelector("button[type=submit]")).click();
        browser.visible(By.xpath("//*[text()='Access requested — waiting for a decision']"));
        assertThat(browser.visible(By.cssSelector("[data-request-state]")).getText()).isEqualTo("PENDING");
        browser.signOut();

        browser.signIn(UiFixture.ADMIN, "Ada Admin", "/admin/requests");
        WebElement approve = browser.visible(By.cssSelector("button[data-approve]"));
        WebElement decision = approve.findElement(By.xpath("./ancestor::form"));
        assertThat(approve.findElement(By.xpath("./ancestor::tr")).getText())
                .contains("henry@example.test", "Tool vault", "quarterly numbers");
        decision.findElement(By.name("note")).sendKeys("fine for Q3");
        approve.click();
        browser.noticeContains("Approved request");
        browser.signOut();

        browser.signIn("henry@example.test", "Henry", "/");
        assertThat(browser.visible(By.cssSelector("[data-request-state]")).getText()).isEqualTo("APPROVED");
        browser.visible(By.cssSelector("a[data-tool='vault']")).click();
        browser.wait.until(d -> d.getPageSource().contains("x-workspace-user-email"));
        assertThat(browser.driver.getCurrentUrl()).startsWith("http://vault-");
        assertThat(browser.driver.getPageSource()).contains("henry@example.test");
        browser.signOut();
    }

    @Test
    void shouldLetAnAdminOfferSizesAndAUserStartAToolInAChosenSize() {
        browser.signIn(UiFixture.ADMIN, "Ada Admin", "/admin/tools");
        browser.visible(By.xpath("//summary[text()='Edit Echo']")).click();
        WebElement edit = browser.visible(By.cssSelector("form[data-edit-tool='echo']"));
        WebElement sizes = edit.findElement(By.name("sizes"));
        sizes.sendKeys("oops");
        edit.findElement(By.cssSelector("button[type=submit]")).click();
        browser.noticeContains("sizes line 1");
        sizes.clear();
        sizes.sendKeys("large 2000 4096");
        edit.findElement(By.cssSelector("button[type=submit]")).click();
        browser.noticeContains("Saved echo");
        browser.signOut();

        browser.signIn("liz@example.test", "Liz", "/");
        String liz = platform.user("liz@example.test").id();
        WebElement start = browser.visible(By.cssSelector("form[data-size-form='echo']"));
        Select size = new Select(start.findElement(By.cssSelector("select[data-size-select='echo']")));
        assertThat(size.getOptions()).extracting(WebElement::getText)
                .containsExactly("Default (1 vCPU, 2 GB)", "large (2 vCPU, 4 GB)");
        assertThat(start.findElement(By.xpath(".//label[text()='Size']"))).isNotNull();
        size.selectByValue("large");
        start.findElement(By.cssSelector("button[data-start='echo']")).click();
        browser.noticeContains("Echo is starting");
        Instance live = Eventually.until(Duration.ofSeconds(10), "the echo instance to be queued",
                () -> platform.core().instances().findLive("echo-" + liz));
        assertThat(platform.core().instances().chosenResources(live.id()))
                .contains(new InstanceRepository.Resources(2000, 4096));
        platform.core().spawns().requestStop(live, "test: done", null, null);
        browser.signOut();
    }

    @Test
    void shouldServeAVisualisationToAGrantedViewerAndRefuseEveryoneElse() {
        browser.signIn("ivy@example.test", "Ivy", "/");
        browser.visible(By.xpath("//h2[text()='Your visualisations']"));
        assertThat(browser.driver.findElements(By.cssSelector("a[data-visualisation='charts']"))).isEmpty();
        browser.signOut();
        browser.signIn("jack@example.test", "Jack", "/admin/visualisations");
        assertThat(browser.driver.getTitle()).contains("Administrators only");
        browser.signOut();

        browser.signIn(UiFixture.ADMIN, "Ada Admin", "/admin/visualisations");
        WebElement grant = browser.visible(
                By.cssSelector("section[data-visualisation='charts'] form[aria-label='Grant Trade charts']"));
        grant.findElement(By.name("who")).sendKeys("ivy@example.test");
        grant.findElement(By.cssSelector("button[type=submit]")).click();
        browser.noticeContains("Granted Trade charts to ivy@example.test");
        browser.signOut();

        browser.signIn("ivy@example.test", "Ivy", "/");
        browser.visible(By.cssSelector("a[data-visualisation='charts']")).click();
        assertThat(browser.visible(By.id("chart")).getText()).isEqualTo("Trade chart");
        assertThat(browser.driver.findElement(By.id("viewer")).getText()).isEqualTo("ivy@example.test");
        assertThat(browser.driver.getCurrentUrl()).startsWith(platform.hostUrl("charts", "/"));
        browser.signOut();

        browser.signIn("jack@example.test", "Jack", "/");
        browser.driver.get(platform.hostUrl("charts", "/"));
        browser.wait.until(ExpectedConditions.titleContains("Not shared with you"));
        assertThat(browser.driver.findElements(By.id("chart"))).isEmpty();
        browser.signOut();
    }

    @Test
    void shouldLetANewToolReadAGrantedTableWithItsOwnCredentialsAndNotOnceRevoked() {
        platform.datasetsSql("CREATE TABLE public.trade (month text, value int);"
                + "INSERT INTO public.trade VALUES ('2026-01', 5), ('2026-02', 7)");
        browser.signIn("kim@example.test", "Kim", "/");
        String kim = platform.user("kim@example.test").id();
        long id = platform.jdbc().queryOne("INSERT INTO datasets (name) VALUES ('trade flows') RETURNING id",
                rs -> rs.getLong(1)).orElseThrow();
        platform.jdbc().update("INSERT INTO dataset_tables (dataset_id, schema_name, table_name) "
                + "VALUES (?, 'public', 'trade')", id);
        platform.jdbc().update("INSERT INTO dataset_grants (dataset_id, user_id) VALUES (?, ?)", id, kim);
        browser.driver.navigate().refresh();
        browser.visible(By.cssSelector("section[data-dataset='trade flows']"));
        browser.visible(By.cssSelector("a[data-tool='reader']")).click();
        browser.wait.until(d -> d.getPageSource().contains("\"ok\""));
        String reader = platform.hostUrl("reader-" + kim, "/read");
        browser.driver.get(reader);
        JsonObject granted = new JsonObject(browser.visible(By.tagName("pre")).getText());
        assertThat(granted.getInteger("returncode")).as(granted.encode()).isZero();
        assertThat(granted.getString("stdout")).isEqualTo("12");

        platform.jdbc().update("DELETE FROM dataset_grants WHERE dataset_id = ?", id);
        Instance live = platform.core().instances().findLive("reader-" + kim).orElseThrow();
        platform.core().spawns().requestStop(live, "test: restart without the grant", null, null);
        Eventually.until(Duration.ofSeconds(30), "the reader to stop", () -> platform.core().instances()
                .find(live.id()).filter(i -> i.phase() == Phase.STOPPED));
        browser.driver.get(reader);
        browser.wait.until(d -> d.getPageSource().contains("returncode"));
        JsonObject revoked = new JsonObject(browser.visible(By.tagName("pre")).getText());
        assertThat(revoked.getInteger("returncode")).as(revoked.encode()).isNotZero();
        assertThat(revoked.getString("stderr")).contains("permission denied");
        browser.signOut();
    }
}

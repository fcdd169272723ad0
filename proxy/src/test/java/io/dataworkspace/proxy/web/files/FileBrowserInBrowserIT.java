package io.dataworkspace.proxy.web.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.storage.PlatformStorage;
import io.dataworkspace.proxy.testing.PlatformFixture;
import io.dataworkspace.proxy.web.HeadlessChromium;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The file browser in Debian's Chromium against the whole platform and its embedded S3 store: from the home page's
 * link, create a folder, upload a small file (one presigned PUT) and a 9 MiB one (presigned multipart parts, whose
 * ETags the page must be allowed to read), check the stored bytes, download through a presigned URL from the page's
 * origin, and delete. Needs the Debian packages chromium and chromium-driver.
 */
class FileBrowserInBrowserIT {

    @TempDir
    static Path dataDir;

    private static PlatformFixture platform;
    private static WebDriver driver;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        platform = PlatformFixture.start(dataDir);
        driver = HeadlessChromium.start(dataDir);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        wait = new WebDriverWait(driver, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (platform != null) {
            platform.close();
        }
    }

    private static PlatformStorage storage() {
        return platform.server().core().credentials().storage();
    }

    private static byte[] stored(String key) {
        return storage().client().getObjectAsBytes(r -> r.bucket(storage().bucket()).key(key)).asByteArray();
    }

    private static boolean exists(String key) {
        return storage().client().listObjectsV2(r -> r.bucket(storage().bucket()).prefix(key).maxKeys(1)).contents()
                .stream().anyMatch(o -> o.key().equals(key));
    }

    private static WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static void noticeContains(String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), text));
    }

    private static void upload(Path file) {
        WebElement form = visible(By.cssSelector("form[aria-label='Upload files']"));
        form.findElement(By.cssSelector("input[type=file]")).sendKeys(file.toString());
        form.findElement(By.cssSelector("button[type=submit]")).click();
        noticeContains("Uploaded " + file.getFileName());
    }

    @Test
    void shouldUploadDownloadAndDeleteFilesDirectlyAgainstTheStore() throws Exception {
        String origin = platform.origin();
        driver.get(origin + "/");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username"))).sendKeys("fran@example.test");
        driver.findElement(By.id("display-name")).sendKeys("Fran");
        driver.findElement(By.id("sign-in")).click();
        visible(By.cssSelector("a[data-files-link]")).click();
        wait.until(d -> d.getCurrentUrl().startsWith(origin + "/files"));
        visible(By.xpath("//p[text()='This folder is empty.']"));
        String home = "user/" + platform.server().core().users().findByEmail("fran@example.test").orElseThrow().id()
                + "/";

        WebElement folder = visible(By.cssSelector("form[aria-label='Create a folder']"));
        folder.findElement(By.name("name")).sendKeys("reports");
        folder.findElement(By.cssSelector("button[type=submit]")).click();
        noticeContains("Created the folder reports");
        assertThat(exists(home + "reports/")).isTrue();

        Path small = dataDir.resolve("small.txt");
        byte[] smallBytes = "bytes straight from the browser to S3\n".getBytes(StandardCharsets.UTF_8);
        Files.write(small, smallBytes);
        upload(small);
        visible(By.cssSelector("[data-file='small.txt']"));
        assertThat(stored(home + "small.txt")).isEqualTo(smallBytes);

        Path big = dataDir.resolve("big.bin");
        byte[] bigBytes = new byte[9 << 20];
        new Random(42).nextBytes(bigBytes);
        Files.write(big, bigBytes);
        upload(big);
        assertThat(visible(By.cssSelector("[data-size='big.bin']")).getText()).isEqualTo("9.0 MiB");
        assertThat(stored(home + "big.bin")).isEqualTo(bigBytes);

        // what the Download button does, reading the bytes instead of saving them: ask for a presigned URL, GET it
        Object downloaded = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/files/api/download?key=' + encodeURIComponent(arguments[0]))
                  .then((r) => r.json()).then((j) => fetch(j.url)).then((r) => r.text())
                  .then(done, (e) => done('failed: ' + e));
                """, home + "small.txt");
        assertThat(downloaded).isEqualTo(new String(smallBytes, StandardCharsets.UTF_8));

        visible(By.cssSelector("button[data-delete='small.txt']")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        noticeContains("Deleted small.txt");
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("[data-file='small.txt']")));
        assertThat(exists(home + "small.txt")).isFalse();

        visible(By.cssSelector("a[data-folder='reports']")).click();
        wait.until(d -> d.getCurrentUrl().contains("prefix="));
        visible(By.xpath("//nav[@aria-label='Folder']//a[text()='reports']"));
        visible(By.xpath("//p[text()='This folder is empty.']"));
    }
}

package io.dataworkspace.proxy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's headless Chromium driven by Selenium, signing in through the embedded development provider. */
final class UiBrowser implements AutoCloseable {

    final WebDriver driver;
    final WebDriverWait wait;
    private final String origin;

    UiBrowser(String origin, Path profileParent) throws IOException {
        this.origin = origin;
        driver = HeadlessChromium.start(profileParent);
        wait = new WebDriverWait(driver, Duration.ofSeconds(90));
    }

    /** Opens {@code path} on the root host, signing in as {@code email} on the way. */
    void signIn(String email, String name, String path) {
        driver.get(origin + path);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username"))).sendKeys(email);
        driver.findElement(By.id("display-name")).sendKeys(name);
        driver.findElement(By.id("sign-in")).click();
        wait.until(d -> d.getCurrentUrl().startsWith(origin + path));
    }

    /** Signs out with the header's button (which also ends every tool session). */
    void signOut() {
        driver.get(origin + "/");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("form[action='/auth/logout'] button")))
                .click();
        wait.until(ExpectedConditions.titleContains("signed out"));
    }

    /** Waits for an element to be present and visible. */
    WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits until the page's live region says something containing {@code text}. */
    void noticeContains(String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), text));
    }

    Object script(String js) {
        return ((JavascriptExecutor) driver).executeScript(js);
    }

    @Override
    public void close() {
        driver.quit();
    }
}

package io.dataworkspace.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.config.Env;
import io.dataworkspace.launcher.testing.TestPostgres;
import io.dataworkspace.proxy.web.HeadlessChromium;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The whole platform in a real browser: sign in through the embedded provider, open Jupyter Notebook from the home
 * page, watch the spawn page, land in Jupyter, create a notebook and run {@code 1+1} — which needs the kernel's
 * WebSocket to work through the proxy. Uses Debian's chromium, chromium-driver and jupyter-notebook.
 */
class JupyterInBrowserIT {

    @TempDir
    Path dataDir;

    private DataWorkspaceServer server;
    private WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        server = DataWorkspaceServer.start(new Env(Map.of(
                "DATA_DIR", dataDir.toString(),
                "DATABASE_URL", TestPostgres.newDatabaseUrl(),
                "DATABASE_USER", "postgres",
                "PROXY_PORT", "0",
                "LAUNCHER_API_PORT", "0")), EnumSet.allOf(Role.class));
        browser = HeadlessChromium.start(dataDir);
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            for (var backend : server.core().backends().all()) {
                for (var task : backend.list()) {
                    backend.stop(task.taskId(), Duration.ofSeconds(3));
                }
            }
            server.close();
        }
    }

    @Test
    void shouldSignInStartJupyterAndRunACellThroughTheProxy() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));
        String root = server.proxy().orElseThrow().origin().url();

        browser.get(root + "/");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username"))).sendKeys("ada@example.test");
        assertThat(browser.getPageSource()).contains("Development sign-in");
        browser.findElement(By.id("display-name")).sendKeys("Ada Lovelace");
        browser.findElement(By.id("sign-in")).click();

        wait.until(ExpectedConditions.titleContains("Your tools"));
        assertThat(browser.getPageSource()).contains("ada@example.test", "Jupyter Notebook");
        browser.findElement(By.cssSelector("a[data-tool='jupyter']")).click();

        // the spawn page, with live progress, then Jupyter itself
        wait.until(ExpectedConditions.titleContains("Starting Jupyter Notebook"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#progress li")));
        List<String> progress = new ArrayList<>();
        browser.findElements(By.cssSelector("#progress li")).forEach(li -> progress.add(li.getText()));
        assertThat(progress).contains("Queued");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("new-dropdown-button")));
        assertThat(browser.getCurrentUrl()).startsWith("http://jupyter-");

        // a new notebook opens in a new window
        String tree = browser.getWindowHandle();
        browser.findElement(By.id("new-dropdown-button")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("kernel-python3"))).click();
        wait.until(d -> d.getWindowHandles().size() > 1);
        browser.getWindowHandles().stream().filter(h -> !h.equals(tree)).findFirst()
                .ifPresent(h -> browser.switchTo().window(h));
        JavascriptExecutor js = (JavascriptExecutor) browser;
        wait.until(d -> Boolean.TRUE.equals(js.executeScript("return !!(window.Jupyter && Jupyter.notebook "
                + "&& Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected())")));

        js.executeScript("var cell = Jupyter.notebook.get_cell(0); cell.set_text('1+1');"
                + "Jupyter.notebook.execute_cell_and_select_below();");
        String output = wait.until(d -> {
            var outputs = d.findElements(By.cssSelector(".output_area .output_result pre, .output_area pre"));
            return outputs.isEmpty() || outputs.get(0).getText().isBlank() ? null : outputs.get(0).getText();
        });
        assertThat(output.trim()).isEqualTo("2");
    }
}

package io.dataworkspace.proxy.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.proxy.web.admin.AdminPages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class StaticAssetsTest {
    private static final Path STATIC = Path.of("src/main/resources/static");
    /** Every way a script can turn a string into markup or code. */
    private static final Pattern SINKS = Pattern.compile(
            "innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\s*\\(|new Function|setAttribute\\(\\s*'on");

    @Test
    void shouldBuildTheDomFromTextNodesOnly() throws IOException {
        List<Path> modules;
        try (Stream<Path> files = Files.walk(STATIC)) {
            modules = files.filter(p -> p.toString().endsWith(".js")).toList();
        }
        assertThat(modules).hasSizeGreaterThan(5);
        for (Path module : modules) {
            assertThat(SINKS.matcher(Files.readString(module)).find())
                    .as(module + " must not write markup from strings (innerHTML, document.write, eval...)").isFalse();
        }
    }

    @Test
    void shouldHaveAModuleForEveryAdminSection() {
        for (AdminPages.Section section : AdminPages.SECTIONS) {
            String module = AdminPages.page(section.slug()).orElseThrow().module();
            assertThat(STATIC.resolve(module)).as(module).exists();
        }
        assertThat(STATIC.resolve("home.js")).exists();
        assertThat(STATIC.resolve("dw.css")).exists();
    }

    @Test
    void shouldEscapeTheViewerInTheShell() {
        String html = AppShell.render(new AppShell.Page("Home", "Hi", "home.js", List.of(), "/"),
                new AppShell.Viewer("u1", "a@example.test", "<script>alert(1)</script>", false));
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert");
        assertThat(html).doesNotContain("href=\"/admin\"");
        assertThat(AppShell.CSP).contains("script-src 'self'").doesNotContain("unsafe");
    }
}

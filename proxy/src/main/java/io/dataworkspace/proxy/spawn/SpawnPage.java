package io.dataworkspace.proxy.spawn;

import io.dataworkspace.proxy.web.Pages;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The page a user sees while their tool starts: live progress from {@code /__dw/progress} (server-sent events), then
 * a reload into the tool once it answers; on failure the reason, the tool's last output lines and a retry button.
 * Works without script too: it refreshes itself every few seconds.
 */
public final class SpawnPage {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SpawnPage() {
    }

    /** The page's HTML and the CSP that lets exactly its own inline script run. */
    public record Rendered(String html, String csp) {
    }

    public static Rendered render(String toolName) {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        String nonce = Base64.getEncoder().encodeToString(bytes);
        String name = Pages.escape(toolName);
        String body = "<noscript><meta http-equiv=\"refresh\" content=\"5\"></noscript>"
                + "<h1>Starting " + name + "</h1>"
                + "<p id=\"status\" class=\"muted\" role=\"status\" aria-live=\"polite\">Your tool is starting. "
                + "This page continues to it when it is ready.</p>"
                + "<ol class=\"progress\" id=\"progress\" aria-live=\"polite\"></ol>"
                + "<div id=\"failure\" hidden><p class=\"error\" id=\"reason\"></p><pre id=\"output\" hidden></pre>"
                + "<form method=\"post\" action=\"/__dw/start\"><button type=\"submit\">Try again</button></form></div>"
                + "<script nonce=\"" + nonce + "\">" + SCRIPT + "</script>";
        String csp = "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'unsafe-inline'; "
                + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        return new Rendered(Pages.document("Starting " + toolName, body), csp);
    }

    private static final String SCRIPT = """
            (function () {
              var list = document.getElementById('progress');
              var status = document.getElementById('status');
              function add(text) {
                var li = document.createElement('li');
                li.textContent = text;
                list.appendChild(li);
              }
              var events = new EventSource('/__dw/progress');
              events.addEventListener('progress', function (e) {
                var data = JSON.parse(e.data);
                if (data.message.indexOf('\\n') >= 0) {
                  var out = document.getElementById('output');
                  out.textContent = data.message;
                  out.hidden = false;
                } else {
                  add(data.message);
                }
              });
              events.addEventListener('ready', function () {
                events.close();
                status.textContent = 'Ready. Opening your tool…';
                window.location.reload();
              });
              events.addEventListener('failed', function (e) {
                events.close();
                var data = JSON.parse(e.data);
                status.textContent = 'Your tool could not start.';
                document.getElementById('reason').textContent = data.reason;
                document.getElementById('failure').hidden = false;
              });
            })();
            """;
}

package io.dataworkspace.dnsfilter.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the real {@code dig} (Debian {@code bind9-dnsutils}) against 127.0.0.1.
 *
 * @param status  the response status (NOERROR, REFUSED, ...) or null when no answer came
 * @param answers the answer lines, as "name ttl class type data"
 * @param output  dig's whole output
 */
public record Dig(String status, List<String> answers, String output) {

    private static final Pattern STATUS = Pattern.compile("status: ([A-Z]+)");

    /**
     * @param port  the server port
     * @param name  the name
     * @param type  the type
     * @param flags extra dig flags ({@code +tcp}, {@code +noedns}, ...)
     * @return the result
     */
    public static Dig query(int port, String name, String type, String... flags) {
        List<String> cmd = new ArrayList<>(List.of("dig", "-p", String.valueOf(port), "@127.0.0.1", name, type,
                "+time=2", "+tries=1", "+nocookie"));
        cmd.addAll(List.of(flags));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            Matcher m = STATUS.matcher(out);
            String status = m.find() ? m.group(1) : null;
            List<String> answers = new ArrayList<>();
            boolean inAnswer = false;
            for (String line : out.split("\n")) {
                if (line.startsWith(";; ANSWER SECTION")) {
                    inAnswer = true;
                } else if (line.isBlank() || line.startsWith(";;")) {
                    inAnswer = false;
                } else if (inAnswer) {
                    answers.add(line.replaceAll("\\s+", " ").trim());
                }
            }
            return new Dig(status, answers, out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run dig: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return the data field of every answer of the given type */
    public List<String> data(String type) {
        List<String> out = new ArrayList<>();
        for (String a : answers) {
            String[] f = a.split(" ");
            if (f.length >= 5 && f[3].equals(type)) {
                out.add(f[4]);
            }
        }
        return out;
    }
}

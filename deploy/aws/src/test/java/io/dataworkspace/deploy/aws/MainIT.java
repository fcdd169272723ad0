package io.dataworkspace.deploy.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link Main} as the CDK CLI does: a separate JVM given context in {@code CDK_CONTEXT_JSON} and an output
 * folder in {@code CDK_OUTDIR}.
 */
class MainIT {

    private record Run(int exitCode, String stderr) {
    }

    private static Run run(String contextJson, Path outDir) throws IOException, InterruptedException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName());
        Map<String, String> env = builder.environment();
        env.put("CDK_CONTEXT_JSON", contextJson);
        env.put("CDK_OUTDIR", outDir.toString());
        env.put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        env.remove("CDK_DEFAULT_ACCOUNT");
        env.remove("CDK_DEFAULT_REGION");
        Path stderr = outDir.resolveSibling(outDir.getFileName() + ".stderr");
        builder.redirectError(stderr.toFile());
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        // a hang guard, not a performance bound: a synth takes ~20 s, but well over 120 s on a 2-core machine
        // shared with several other builds (load average 25+)
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Main did not finish within 300 s");
        }
        return new Run(process.exitValue(), Files.readString(stderr, StandardCharsets.UTF_8));
    }

    @Test
    void shouldExitWithASentenceWhenConfigurationIsMissing(@TempDir Path dir) throws Exception {
        Run run = run("{\"oidcIssuer\":\"https://sso.example.org\",\"oidcClientId\":\"dw\"}", dir.resolve("out"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("deploy-aws: invalid configuration: rootDomain is required")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void shouldSynthesizeThreeTemplatesFromCdkContextIncludingLists(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Run run = run("{\"rootDomain\":\"data.example.org\",\"oidcIssuer\":\"https://sso.example.org\","
                + "\"oidcClientId\":\"dw\",\"exposure\":\"vpc-only\",\"tools\":[\"jupyterlab\"],"
                + "\"dnsUpstreamServers\":[\"9.9.9.9\",\"1.1.1.1\"]}", out);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        for (String stack : List.of("network", "data", "platform")) {
            assertThat(out.resolve("dataworkspace-" + stack + ".template.json")).isRegularFile();
        }
        assertThat(Files.readString(out.resolve("dataworkspace-platform.template.json")))
                .contains("9.9.9.9,1.1.1.1")
                .contains("\"Scheme\": \"internal\"")
                .contains("DNSFILTER_RULES_YAML").contains("allow: [\\\"sso.example.org\\\"]");
    }
}

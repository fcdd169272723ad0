package io.dataworkspace.deploy.aws.platform;

import static io.dataworkspace.deploy.aws.support.Cfn.containers;
import static io.dataworkspace.deploy.aws.support.Cfn.environment;
import static io.dataworkspace.deploy.aws.support.Cfn.list;
import static io.dataworkspace.deploy.aws.support.Cfn.taskDefinition;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.deploy.aws.images.ImageEntrypoint;
import io.dataworkspace.deploy.aws.support.SynthesizedDeployment;
import io.dataworkspace.deploy.aws.support.SynthesizedDeploymentExtension;
import io.dataworkspace.deploy.aws.support.SynthesizedDeploymentExtension.VpcOnly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the synthesized dnsfilter entrypoint with the real bash and the task's environment, with a stand-in
 * {@code java} first on the PATH: the rules file must hold exactly the generated YAML before the image's command
 * runs, in place of the shell.
 */
@ExtendWith(SynthesizedDeploymentExtension.class)
class DnsFilterEntrypointIT {
    private static List<String> entryPoint;
    private static Map<String, String> environment;

    @TempDir
    Path dir;

    @BeforeAll
    static void synthesize(@VpcOnly SynthesizedDeployment deployment) {
        Map<String, Object> container = containers(taskDefinition(deployment.platform(), "dataworkspace-dnsfilter"))
                .get(DnsFilterService.CONTAINER);
        entryPoint = list(container.get("EntryPoint")).stream().map(String::valueOf).toList();
        environment = environment(container);
    }

    private record Run(int exit, String output) {
    }

    private Run run(Path rulesFile) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path javaStandIn = bin.resolve("java");
        // records its arguments and whether it replaced the shell (same PID as the one bash started with)
        Files.writeString(javaStandIn, "#!/bin/bash\nprintf '%s\\n' \"$@\" > \"$ARGS_OUT\"\necho $$ > \"$PID_OUT\"\n"
                + "exit 7\n");
        Files.setPosixFilePermissions(javaStandIn, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder(entryPoint).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(environment);
        pb.environment().put("DNSFILTER_RULES_FILE", rulesFile.toString());
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.environment().put("ARGS_OUT", dir.resolve("args").toString());
        pb.environment().put("PID_OUT", dir.resolve("pid").toString());
        Process p = pb.start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("entrypoint finished").isTrue();
        String output = new String(p.getInputStream().readAllBytes());
        if (Files.exists(dir.resolve("pid"))) {
            assertThat(Files.readString(dir.resolve("pid")).trim()).as("java runs in place of the shell (exec)")
                    .isEqualTo(String.valueOf(p.pid()));
        }
        return new Run(p.exitValue(), output);
    }

    @Test
    void shouldWriteTheRulesFileAndThenRunTheImagesCommand() throws Exception {
        Path rules = dir.resolve("not-yet/rules.yaml");
        Run run = run(rules);
        assertThat(run.exit()).as(run.output()).isEqualTo(7);
        assertThat(Files.readString(rules).strip()).isEqualTo(environment.get("DNSFILTER_RULES_YAML").strip());
        assertThat(Files.readString(rules)).contains("\"pypi.org\", \"*.pypi.org\"", "\"sso.example.org\"");
        assertThat(Files.readAllLines(dir.resolve("args")))
                .containsExactlyElementsOf(imageArguments());
    }

    @Test
    void shouldNotStartDnsfilterWhenTheRulesFileCannotBeWritten() throws Exception {
        Path blocker = Files.writeString(dir.resolve("a-file"), "x");
        Run run = run(blocker.resolve("rules.yaml"));
        assertThat(run.exit()).isNotZero().isNotEqualTo(7);
        assertThat(dir.resolve("args")).doesNotExist();
    }

    /** What the image's own command passes to java: everything after "java". */
    private static List<String> imageArguments() {
        List<String> command = ImageEntrypoint.of(DnsFilterService.MAIN_CLASS);
        return command.subList(1, command.size());
    }
}

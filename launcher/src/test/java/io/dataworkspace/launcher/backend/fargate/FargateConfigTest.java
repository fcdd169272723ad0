package io.dataworkspace.launcher.backend.fargate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataworkspace.launcher.config.ConfigException;
import io.dataworkspace.launcher.config.Env;
import io.dataworkspace.launcher.config.LauncherConfig;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FargateConfigTest {
    private static Map<String, String> deployAwsEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("FARGATE_CLUSTER", "dw-tools");
        env.put("FARGATE_SUBNETS", "subnet-0aaa, subnet-0bbb");
        env.put("FARGATE_SECURITY_GROUPS", "sg-0tools");
        env.put("FARGATE_TASK_DEFINITIONS", "jupyterlab=dw-tool-jupyterlab,rstudio=dw-tool-rstudio");
        env.put("AWS_REGION", "eu-west-2");
        return env;
    }

    @Test
    void shouldReadWhatDeployAwsSets() {
        FargateConfig config = FargateConfig.fromEnv(new Env(deployAwsEnv())).orElseThrow();
        assertThat(config.cluster()).isEqualTo("dw-tools");
        assertThat(config.subnets()).containsExactly("subnet-0aaa", "subnet-0bbb");
        assertThat(config.securityGroups()).containsExactly("sg-0tools");
        assertThat(config.taskDefinitions()).containsEntry("jupyterlab", "dw-tool-jupyterlab")
                .containsEntry("rstudio", "dw-tool-rstudio");
        assertThat(config.capacityProviders()).isEmpty();
        assertThat(config.s3syncContainer()).isEqualTo("s3sync");
        assertThat(config.metricsPort()).isEqualTo(9100);
        assertThat(config.s3syncPort()).isEqualTo(8082);
        assertThat(config.ecsEndpoint()).isEmpty();
        assertThat(config.credentialsRelayPort()).isEmpty();
    }

    @Test
    void shouldReadTheCredentialsRelayPortAndRejectOneOutOfRange() {
        Map<String, String> env = deployAwsEnv();
        env.put("FARGATE_CREDENTIALS_RELAY_PORT", "9780");
        assertThat(FargateConfig.fromEnv(new Env(env)).orElseThrow().credentialsRelayPort()).contains(9780);

        env.put("FARGATE_CREDENTIALS_RELAY_PORT", "0");
        assertThatThrownBy(() -> FargateConfig.fromEnv(new Env(env))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("FARGATE_CREDENTIALS_RELAY_PORT").hasMessageContaining("between 1 and 65535");
        env.put("FARGATE_CREDENTIALS_RELAY_PORT", "relay");
        assertThatThrownBy(() -> FargateConfig.fromEnv(new Env(env)))
                .hasMessageStartingWith("FARGATE_CREDENTIALS_RELAY_PORT").hasMessageContaining("a whole number");
    }

    @Test
    void shouldBeAbsentWithoutACluster() {
        assertThat(FargateConfig.fromEnv(new Env(Map.of("AWS_REGION", "eu-west-2")))).isEmpty();
    }

    @Test
    void shouldNameTheMissingVariable() {
        Map<String, String> env = deployAwsEnv();
        env.remove("FARGATE_SUBNETS");
        assertThatThrownBy(() -> FargateConfig.fromEnv(new Env(env)))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("FARGATE_SUBNETS: not set");
        Map<String, String> noRegion = deployAwsEnv();
        noRegion.remove("AWS_REGION");
        assertThatThrownBy(() -> FargateConfig.fromEnv(new Env(noRegion)))
                .hasMessageStartingWith("AWS_REGION: not set");
    }

    @Test
    void shouldRejectMalformedTaskDefinitionPairs() {
        Map<String, String> env = deployAwsEnv();
        env.put("FARGATE_TASK_DEFINITIONS", "jupyterlab");
        assertThatThrownBy(() -> FargateConfig.fromEnv(new Env(env)))
                .hasMessageContaining("FARGATE_TASK_DEFINITIONS: \"jupyterlab\" (expected: tool=family pairs");
    }

    @Test
    void shouldReadACapacityProviderStrategyWithSpot() {
        Map<String, String> env = deployAwsEnv();
        env.put("FARGATE_CAPACITY_PROVIDERS", "FARGATE_SPOT:3,FARGATE:1:1");
        assertThat(FargateConfig.fromEnv(new Env(env)).orElseThrow().capacityProviders()).containsExactly(
                new FargateConfig.CapacityProvider("FARGATE_SPOT", 3, 0),
                new FargateConfig.CapacityProvider("FARGATE", 1, 1));
        env.put("FARGATE_CAPACITY_PROVIDERS", "FARGATE_SPOT:x");
        assertThatThrownBy(() -> FargateConfig.fromEnv(new Env(env)))
                .hasMessageStartingWith("FARGATE_CAPACITY_PROVIDERS: \"FARGATE_SPOT:x\"");
    }

    @Test
    void shouldTakeTheEcsEndpointFromEitherVariable() {
        Map<String, String> env = deployAwsEnv();
        env.put("AWS_ENDPOINT_URL_ECS", "http://127.0.0.1:4566");
        assertThat(FargateConfig.fromEnv(new Env(env)).orElseThrow().ecsEndpoint())
                .contains(URI.create("http://127.0.0.1:4566"));
        env.put("FARGATE_ECS_ENDPOINT", "http://127.0.0.1:9999");
        assertThat(FargateConfig.fromEnv(new Env(env)).orElseThrow().ecsEndpoint())
                .contains(URI.create("http://127.0.0.1:9999"));
    }

    @Test
    void shouldRequireBothStaticKeysOrNeither() {
        Map<String, String> env = deployAwsEnv();
        env.put("AWS_ACCESS_KEY_ID", "AKID");
        assertThatThrownBy(() -> FargateConfig.fromEnv(new Env(env)))
                .hasMessageStartingWith("AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY: only one is set");
    }

    @Test
    void shouldRefuseTheFargateBackendGloballyWithoutACluster() {
        assertThatThrownBy(() -> LauncherConfig.fromEnv(new Env(Map.of("BACKEND", "fargate"))))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("BACKEND: \"fargate\" needs FARGATE_CLUSTER");
        assertThatThrownBy(() -> LauncherConfig.fromEnv(new Env(Map.of("BACKEND", "kubernetes"))))
                .hasMessage("BACKEND: \"kubernetes\" (expected: local or fargate)");
        Map<String, String> env = deployAwsEnv();
        env.put("BACKEND", "fargate");
        LauncherConfig config = LauncherConfig.fromEnv(new Env(env));
        assertThat(config.backend()).contains("fargate");
        assertThat(config.fargate().map(FargateConfig::subnets)).contains(List.of("subnet-0aaa", "subnet-0bbb"));
    }
}

package io.dataworkspace.deploy.aws.data;

import static io.dataworkspace.deploy.aws.support.Cfn.list;
import static io.dataworkspace.deploy.aws.support.Cfn.props;
import static io.dataworkspace.deploy.aws.support.Cfn.single;
import static io.dataworkspace.deploy.aws.support.Cfn.statements;
import static io.dataworkspace.deploy.aws.support.Cfn.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.deploy.aws.support.SynthesizedDeployment;
import io.dataworkspace.deploy.aws.support.SynthesizedDeploymentExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awscdk.assertions.Template;

@ExtendWith(SynthesizedDeploymentExtension.class)
class DataStackTest {
    private static SynthesizedDeployment deployment;
    private static Template data;
    private static String keyId;

    @BeforeAll
    static void synthesize(SynthesizedDeployment synthesized) {
        deployment = synthesized;
        data = synthesized.data();
        keyId = data.findResources("AWS::KMS::Key").keySet().iterator().next();
    }

    @Test
    void shouldCreateOneRotatedRetainedCustomerManagedKey() {
        Map<String, Object> key = single(data, "AWS::KMS::Key");
        assertThat(props(key).get("EnableKeyRotation")).isEqualTo(true);
        assertThat(key.get("DeletionPolicy")).isEqualTo("Retain");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldEncryptTheBucketWithTheCustomerManagedKey() {
        Map<String, Object> bucket = props(single(data, "AWS::S3::Bucket"));
        Map<String, Object> encryption = (Map<String, Object>) bucket.get("BucketEncryption");
        Map<String, Object> rule = (Map<String, Object>) list(
                encryption.get("ServerSideEncryptionConfiguration")).get(0);
        Map<String, Object> byDefault = (Map<String, Object>) rule.get("ServerSideEncryptionByDefault");
        assertThat(byDefault.get("SSEAlgorithm")).isEqualTo("aws:kms");
        assertThat(target(byDefault.get("KMSMasterKeyID"))).isEqualTo(keyId);
        assertThat(rule.get("BucketKeyEnabled")).isEqualTo(true);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldVersionBlockPublicAccessAndRetainTheBucket() {
        Map<String, Object> resource = single(data, "AWS::S3::Bucket");
        Map<String, Object> bucket = props(resource);
        assertThat((Map<String, Object>) bucket.get("VersioningConfiguration")).containsEntry("Status", "Enabled");
        assertThat((Map<String, Object>) bucket.get("PublicAccessBlockConfiguration")).containsAllEntriesOf(Map.of(
                "BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true,
                "RestrictPublicBuckets", true));
        assertThat(resource.get("DeletionPolicy")).isEqualTo("Retain");
    }

    @Test
    void shouldDenyEveryRequestWithoutTls() {
        Map<String, Object> policy = props(single(data, "AWS::S3::BucketPolicy"));
        List<Map<String, Object>> statements = statements(policy.get("PolicyDocument"));
        assertThat(statements).anySatisfy(statement -> {
            assertThat(statement.get("Effect")).isEqualTo("Deny");
            assertThat(statement.get("Action")).isEqualTo("s3:*");
            assertThat(statement.get("Condition"))
                    .isEqualTo(Map.of("Bool", Map.of("aws:SecureTransport", "false")));
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldRunAuroraPostgresServerlessV2EncryptedWithTheKeyAndProtected() {
        Map<String, Object> resource = single(data, "AWS::RDS::DBCluster");
        Map<String, Object> cluster = props(resource);
        assertThat(cluster.get("Engine")).isEqualTo("aurora-postgresql");
        assertThat(cluster.get("StorageEncrypted")).isEqualTo(true);
        assertThat(target(cluster.get("KmsKeyId"))).isEqualTo(keyId);
        assertThat(cluster.get("DeletionProtection")).isEqualTo(true);
        assertThat((Map<String, Object>) cluster.get("ServerlessV2ScalingConfiguration"))
                .containsEntry("MinCapacity", 0.5)
                .containsEntry("MaxCapacity", 8);
        assertThat(resource.get("DeletionPolicy")).isEqualTo("Snapshot");
        assertThat(data.findResources("AWS::RDS::DBInstance").values())
                .hasSize(2)
                .allSatisfy(instance -> assertThat(props(instance).get("DBInstanceClass")).isEqualTo("db.serverless"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldForceTlsToTheDatabase() {
        Map<String, Object> group = props(single(data, "AWS::RDS::DBClusterParameterGroup"));
        assertThat((Map<String, Object>) group.get("Parameters")).containsEntry("rds.force_ssl", "1");
    }

    @Test
    void shouldKeepDatabaseCredentialsInSecretsManagerUnderTheKey() {
        Map<String, Object> secret = props(single(data, "AWS::SecretsManager::Secret"));
        assertThat(target(secret.get("KmsKeyId"))).isEqualTo(keyId);
        assertThat(secret.get("GenerateSecretString").toString()).contains("dataworkspace");
    }

    @Test
    void shouldProtectTheDataStackFromTermination() {
        assertThat(deployment.stacks().data().getTerminationProtection()).isTrue();
    }
}

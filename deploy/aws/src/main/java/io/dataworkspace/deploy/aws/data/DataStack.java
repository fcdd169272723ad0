package io.dataworkspace.deploy.aws.data;

import io.dataworkspace.deploy.aws.config.DataSettings;
import io.dataworkspace.deploy.aws.config.DeploymentConfig;
import io.dataworkspace.deploy.aws.network.NetworkStack;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.CredentialsBaseOptions;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.IClusterEngine;
import software.amazon.awscdk.services.rds.IClusterInstance;
import software.amazon.awscdk.services.rds.ParameterGroup;
import software.amazon.awscdk.services.rds.ServerlessV2ClusterInstanceProps;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The platform's state: one customer-managed KMS key (rotated yearly, retained on stack deletion), Aurora
 * PostgreSQL Serverless v2 (encrypted with the key, deletion protection, TLS enforced, credentials generated into
 * Secrets Manager under the same key) and the S3 bucket for {@code user/} home folders and {@code datasets/}
 * (SSE-KMS with the key, versioned, public access blocked, TLS-only policy, retained). The stack itself has
 * termination protection unless {@code terminationProtection=false}.
 */
public final class DataStack extends Stack {
    /** Name of the platform's database. */
    public static final String DATABASE_NAME = "dataworkspace";
    /** Master user name of the cluster; the generated password lives in {@link #databaseSecretArn()}'s secret. */
    public static final String DATABASE_USER = "dataworkspace";

    private final Key key;
    private final Bucket bucket;
    private final DatabaseCluster database;

    /**
     * @param scope   the app
     * @param id      stack id
     * @param props   stack properties
     * @param config  deployment configuration
     * @param network the network stack (VPC, database security group)
     */
    public DataStack(Construct scope, String id, StackProps props, DeploymentConfig config, NetworkStack network) {
        super(scope, id, props);
        DataSettings settings = config.data();

        key = Key.Builder.create(this, "Key")
                .alias("alias/" + config.appName())
                .description("Data Workspace: database, bucket, secrets and logs")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        // CloudWatch Logs may use the key for the platform's log groups (and only those).
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("LogsForPlatformLogGroups")
                .effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("logs." + getRegion() + ".amazonaws.com")))
                .actions(List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*",
                        "kms:Describe*"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
                        formatArn(ArnComponents.builder()
                                .service("logs")
                                .resource("log-group")
                                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                                .resourceName("/" + config.appName() + "/*")
                                .build()))))
                .build());

        Bucket.Builder bucketBuilder = Bucket.Builder.create(this, "Bucket")
                .encryption(BucketEncryption.KMS)
                .encryptionKey(key)
                .bucketKeyEnabled(true)
                .versioned(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .removalPolicy(RemovalPolicy.RETAIN)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-old-versions")
                        .noncurrentVersionExpiration(Duration.days(settings.noncurrentVersionDays()))
                        .abortIncompleteMultipartUploadAfter(Duration.days(7))
                        .build()));
        settings.bucketName().ifPresent(bucketBuilder::bucketName);
        bucket = bucketBuilder.build();

        IClusterEngine engine = DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder()
                .version(AuroraPostgresEngineVersion.of(settings.dbEngineVersion(), settings.dbMajorVersion()))
                .build());
        ParameterGroup parameters = ParameterGroup.Builder.create(this, "Parameters")
                .engine(engine)
                .description("Data Workspace: TLS only, statement logging of DDL")
                .parameters(Map.of("rds.force_ssl", "1", "log_statement", "ddl"))
                .build();
        LogGroup postgresLog = LogGroup.Builder.create(this, "PostgresLog")
                .logGroupName("/aws/rds/cluster/" + config.appName() + "/postgresql")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        List<IClusterInstance> readers = new java.util.ArrayList<>();
        for (int i = 1; i <= settings.dbReaders(); i++) {
            readers.add(ClusterInstance.serverlessV2("reader" + i, ServerlessV2ClusterInstanceProps.builder()
                    .scaleWithWriter(true)
                    .build()));
        }
        database = DatabaseCluster.Builder.create(this, "Database")
                .engine(engine)
                .parameterGroup(parameters)
                .vpc(network.vpc())
                .vpcSubnets(NetworkStack.subnets(NetworkStack.PLATFORM))
                .securityGroups(List.of(network.securityGroups().database()))
                .writer(ClusterInstance.serverlessV2("writer"))
                .readers(readers)
                .serverlessV2MinCapacity(settings.dbMinAcu())
                .serverlessV2MaxCapacity(settings.dbMaxAcu())
                .defaultDatabaseName(DATABASE_NAME)
                .credentials(Credentials.fromGeneratedSecret(DATABASE_USER, CredentialsBaseOptions.builder()
                        .encryptionKey(key)
                        .secretName(config.appName() + "/database")
                        .build()))
                .storageEncrypted(true)
                .storageEncryptionKey(key)
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.SNAPSHOT)
                .backup(software.amazon.awscdk.services.rds.BackupProps.builder()
                        .retention(Duration.days(settings.backupRetentionDays()))
                        .build())
                .copyTagsToSnapshot(true)
                .clusterIdentifier(config.appName())
                .cloudwatchLogsExports(List.of("postgresql"))
                .build();
        // Created here rather than with cloudwatchLogsRetention, which would add a Lambda-backed custom resource.
        database.getNode().addDependency(postgresLog);

        CfnOutput.Builder.create(this, "BucketName").value(bucket.getBucketName()).build();
        CfnOutput.Builder.create(this, "DatabaseEndpoint")
                .value(database.getClusterEndpoint().getHostname()).build();
        CfnOutput.Builder.create(this, "DatabaseSecretArn").value(databaseSecretArn()).build();
    }

    /** @return the customer-managed key */
    public Key key() {
        return key;
    }

    /** @return the home folders and datasets bucket */
    public Bucket bucket() {
        return bucket;
    }

    /** @return the Aurora cluster */
    public DatabaseCluster database() {
        return database;
    }

    /** @return the ARN of the secret holding the database's {@code username} and {@code password} */
    public String databaseSecretArn() {
        return database.getSecret().getSecretArn();
    }
}

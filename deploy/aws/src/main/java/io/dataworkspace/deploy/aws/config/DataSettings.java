package io.dataworkspace.deploy.aws.config;

import java.util.Optional;

/**
 * Aurora PostgreSQL Serverless v2 and the S3 bucket.
 *
 * @param dbEngineVersion       Aurora PostgreSQL version, e.g. {@code 16.6}
 * @param dbMinAcu              minimum capacity (0 lets the cluster pause; the platform's LISTEN keeps it awake)
 * @param dbMaxAcu              maximum capacity
 * @param dbReaders             serverless v2 readers (1 gives a fast failover target in another AZ)
 * @param backupRetentionDays   automated backup retention
 * @param bucketName            S3 bucket name; empty for a generated one
 * @param noncurrentVersionDays days an overwritten or deleted object version is kept
 * @param terminationProtection CloudFormation termination protection on the data stack
 */
public record DataSettings(String dbEngineVersion, double dbMinAcu, double dbMaxAcu, int dbReaders,
                           int backupRetentionDays, Optional<String> bucketName, int noncurrentVersionDays,
                           boolean terminationProtection) {

    /** Validates the settings. */
    public DataSettings {
        if (!dbEngineVersion.matches("1[3-9]\\.[0-9]+")) {
            throw new ConfigException("dbEngineVersion: " + dbEngineVersion + " (expected: major.minor, e.g. 16.6)");
        }
        if (dbMaxAcu < dbMinAcu || dbMaxAcu < 1) {
            throw new ConfigException("dbMaxAcu: " + dbMaxAcu + " (expected: >= 1 and >= dbMinAcu " + dbMinAcu + ")");
        }
        if (Math.round(dbMinAcu * 2) != dbMinAcu * 2 || Math.round(dbMaxAcu * 2) != dbMaxAcu * 2) {
            throw new ConfigException("dbMinAcu/dbMaxAcu: " + dbMinAcu + "/" + dbMaxAcu
                    + " (expected: multiples of 0.5)");
        }
        bucketName.ifPresent(name -> {
            if (!name.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                throw new ConfigException("bucketName: " + name + " (expected: a valid S3 bucket name)");
            }
        });
    }

    /** @return the engine's major version, e.g. {@code 16} */
    public String dbMajorVersion() {
        return dbEngineVersion.substring(0, dbEngineVersion.indexOf('.'));
    }

    static DataSettings read(Settings s) {
        return new DataSettings(
                s.string("dbEngineVersion", "16.6"),
                s.decimal("dbMinAcu", 0.5, 0, 256),
                s.decimal("dbMaxAcu", 8, 1, 256),
                s.integer("dbReaders", 1, 0, 15),
                s.integer("dbBackupRetentionDays", 14, 1, 35),
                s.optional("bucketName"),
                s.integer("noncurrentVersionDays", 90, 1, 3650),
                s.bool("terminationProtection", true));
    }
}

package io.dataworkspace.launcher.credentials;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Scoped S3 credentials from STS: {@code AssumeRole} on the base role with a session policy limited to the
 * instance's scope, and a session name carrying the user id (so CloudTrail shows whose tool did what).
 */
public final class StsCredentialIssuer implements S3CredentialIssuer {
    private static final Logger log = LoggerFactory.getLogger(StsCredentialIssuer.class);

    private final StsClient sts;
    private final String roleArn;
    private final SessionPolicy policy;
    private final Duration sessionDuration;

    public StsCredentialIssuer(StsClient sts, String roleArn, SessionPolicy policy, Duration sessionDuration) {
        this.sts = sts;
        this.roleArn = roleArn;
        this.policy = policy;
        this.sessionDuration = sessionDuration;
    }

    @Override
    public TemporaryAwsCredentials issue(S3Scope scope) {
        String document = policy.forScope(scope);
        String sessionName = sessionName(scope);
        AssumeRoleResponse response;
        try {
            response = sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName(sessionName).policy(document)
                    .durationSeconds((int) sessionDuration.toSeconds()));
        } catch (StsException e) {
            String code = e.awsErrorDetails() == null ? "unknown" : e.awsErrorDetails().errorCode();
            throw new CredentialsException("AWS STS refused scoped S3 credentials for user " + scope.userId()
                    + " (" + code + "): " + (e.awsErrorDetails() == null ? e.getMessage()
                    : e.awsErrorDetails().errorMessage()), e);
        } catch (SdkException e) {
            throw new CredentialsException("AWS STS could not be reached for scoped S3 credentials: "
                    + e.getMessage(), e);
        }
        Credentials c = response.credentials();
        log.debug("assumed {} as {} until {}", roleArn, sessionName, c.expiration());
        return new TemporaryAwsCredentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration());
    }

    /** {@code dw-<user-id>-<instance prefix>}: within STS's 64 characters of {@code [\w+=,.@-]}. */
    static String sessionName(S3Scope scope) {
        return "dw-" + scope.userId() + "-" + scope.instanceId().toString().substring(0, 8);
    }
}

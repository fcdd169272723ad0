package io.dataworkspace.launcher.credentials;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link InstanceCredentials#issue} handed out: the task's environment (secrets included — never log it) and,
 * for the audit log, which datasets the credentials cover.
 *
 * @param datasetIds   the granted datasets the credentials were built from
 * @param databaseRole the temporary database role, when there is a datasets database
 */
public record IssuedCredentials(Map<String, String> environment, List<Long> datasetIds, List<String> s3Prefixes,
        Optional<String> databaseRole) {
    public IssuedCredentials {
        environment = Map.copyOf(environment);
        datasetIds = List.copyOf(datasetIds);
        s3Prefixes = List.copyOf(s3Prefixes);
    }

    /** For the audit log: no secrets. */
    public Map<String, Object> auditDetails() {
        return Map.of("datasets", datasetIds, "s3Prefixes", s3Prefixes, "databaseRole", databaseRole.orElse(""));
    }

    @Override
    public String toString() {
        return "IssuedCredentials[datasetIds=" + datasetIds + ", s3Prefixes=" + s3Prefixes + ", databaseRole="
                + databaseRole + "]";
    }
}

package io.dataworkspace.launcher.access;

import java.util.List;

/**
 * What to set on a dataset; a null field is left as it is (on create: name is required, the rest default to empty).
 *
 * @param ownerUserId the new owner; with {@code clearOwner}, the owner is removed
 */
public record DatasetChanges(String name, String description, String ownerUserId, boolean clearOwner,
        List<DatasetTable> tables, List<String> s3Prefixes) {

    /** Does this change touch what the dataset covers or who owns it (administrators only)? */
    public boolean changesCoverageOrOwner() {
        return tables != null || s3Prefixes != null || ownerUserId != null || clearOwner;
    }
}

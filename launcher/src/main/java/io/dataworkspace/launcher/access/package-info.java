/**
 * Who may use what: datasets (PostgreSQL tables/schemas and S3 prefixes), tool and visualisation access, teams,
 * grants with expiry and access requests. {@link io.dataworkspace.launcher.access.GrantedDatasets} is the one query
 * credentials are built from.
 */
package io.dataworkspace.launcher.access;

/**
 * Who may use what: datasets (PostgreSQL tables/schemas and S3 prefixes), tool and visualisation access, teams,
 * grants with expiry, access requests, and the audit log's reading side. Each service enforces its own rules
 * (authorisation by {@link io.dataworkspace.launcher.access.Actor}, validation naming the field, 404/409 mapping
 * through {@link io.dataworkspace.launcher.access.AccessException}) and audits every change with the actor and source
 * IP. {@link io.dataworkspace.launcher.access.GrantedDatasets} is the one query credentials are built from
 * (whose grants an instance carries is decided by the credentials package's ScopeResolver).
 */
package io.dataworkspace.launcher.access;

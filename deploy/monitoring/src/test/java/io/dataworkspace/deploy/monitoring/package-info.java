/**
 * Checks of deploy/monitoring: promtool validates prometheus.yml, alerts.yml (and its unit tests) and the
 * dashboard's expressions; every metric and label the dashboard and alerts query must be one the product
 * modules really export, read from their own meter registries.
 */
package io.dataworkspace.deploy.monitoring;

/** The admin HTTP port: {@code /healthz} (a real lookup through the upstream) and {@code /metrics}. */
package io.dataworkspace.dnsfilter.http;

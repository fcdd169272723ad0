/** Test fixtures: a real dnsmasq upstream, the real dig, a filter started in-process on free ports. */
package io.dataworkspace.dnsfilter.testing;

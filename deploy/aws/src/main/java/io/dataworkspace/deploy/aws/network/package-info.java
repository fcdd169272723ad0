/**
 * The network stack: VPC with public, platform, dns and isolated tool subnets, VPC endpoints, every security group,
 * and the Route 53 Resolver rules that send the VPC's DNS to dnsfilter.
 */
package io.dataworkspace.deploy.aws.network;

/** Host classification and the in-memory route table fed by the instance change feed. */
package io.dataworkspace.proxy.routing;

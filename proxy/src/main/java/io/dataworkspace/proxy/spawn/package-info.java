/** The spawn page: what a user sees while their tool starts, with live progress over server-sent events. */
package io.dataworkspace.proxy.spawn;

/** What the proxy's own pages share: layout, escaping, redirects, and questions about requests. */
package io.dataworkspace.proxy.web;

/** The administration pages ({@code /admin/...}): page shells for admins; the work is done by ES modules and the API. */
package io.dataworkspace.proxy.web.admin;

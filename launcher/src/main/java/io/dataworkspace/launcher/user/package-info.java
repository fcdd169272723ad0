/** Users: who signs in, whether they are admins, whether they are disabled. */
package io.dataworkspace.launcher.user;

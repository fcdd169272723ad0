/** PostgreSQL access: the connection pool, schema migrations, the embedded server, and small JDBC helpers. */
package io.dataworkspace.launcher.db;

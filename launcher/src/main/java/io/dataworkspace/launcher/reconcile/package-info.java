/** The reconciler: makes the database and what the backends really run agree, and finishes interrupted work. */
package io.dataworkspace.launcher.reconcile;

/** Idle culling: activity recording (batched) and the culler that stops idle and over-age instances. */
package io.dataworkspace.launcher.cull;

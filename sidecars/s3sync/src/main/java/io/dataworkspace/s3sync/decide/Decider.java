package io.dataworkspace.s3sync.decide;

import java.util.Optional;

/**
 * The three-way comparison of a path's local file, remote object and last synced state.
 *
 * <p>Rules that make it lossless: a side counts as changed when it differs from the last sync (or
 * exists with no sync history); a change always beats an unchanged side, including a deletion; an
 * edit beats a concurrent deletion; two concurrent edits become a conflict that keeps both. A
 * deletion is only propagated to the other side when that side is exactly the synced version.
 */
public final class Decider {
    private Decider() {
    }

    /**
     * @param local  the local file, empty when absent
     * @param remote the remote object, empty when absent
     * @param base   the last synced state, empty when the path was never synced
     * @return what to do
     */
    public static Decision decide(Optional<LocalFile> local, Optional<RemoteObject> remote, Optional<SyncedEntry> base) {
        boolean localChanged = base.map(b -> local.map(l -> !b.matches(l)).orElse(true)).orElse(local.isPresent());
        boolean remoteChanged = base.map(b -> remote.map(r -> !b.matches(r)).orElse(true)).orElse(remote.isPresent());

        if (local.isEmpty() && remote.isEmpty()) {
            return base.isPresent() ? Decision.FORGET : Decision.NOTHING;
        }
        if (!localChanged && !remoteChanged) {
            return Decision.NOTHING;
        }
        if (localChanged && !remoteChanged) {
            return local.isPresent() ? Decision.UPLOAD : Decision.DELETE_REMOTE;
        }
        if (!localChanged) {
            return remote.isPresent() ? Decision.DOWNLOAD : Decision.DELETE_LOCAL;
        }
        // both changed
        if (local.isEmpty()) {
            return Decision.DOWNLOAD;
        }
        if (remote.isEmpty()) {
            return Decision.UPLOAD;
        }
        if (local.get().directory()) {
            return Decision.RECORD;
        }
        return Decision.CONFLICT;
    }
}

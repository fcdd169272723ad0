package io.dataworkspace.metrics.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a response body whole, but never more than a limit: what a peer sends cannot grow the heap. */
public final class BoundedBody {

    private BoundedBody() {
    }

    /**
     * Reads and closes {@code in}.
     *
     * @return the bytes (empty when {@code in} is null), or null when there are more than {@code maxBytes}
     */
    public static byte[] read(InputStream in, int maxBytes) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                if (out.size() > maxBytes) {
                    return null;
                }
            }
            return out.toByteArray();
        }
    }
}

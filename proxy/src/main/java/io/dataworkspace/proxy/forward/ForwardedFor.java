package io.dataworkspace.proxy.forward;

/**
 * {@code X-Forwarded-For} with a fixed number of trusted proxies in front of this one.
 *
 * <p>Each proxy appends the address it received the request from. With {@code trustedHops = n}, only the last
 * {@code n} entries were written by proxies we trust; anything before them was sent by the client and may be
 * forged. So the client's address is the {@code n}-th entry from the right, and the value sent upstream is the
 * trusted entries followed by our own peer. With {@code n = 0} every inbound value is ignored.
 */
public final class ForwardedFor {

    private ForwardedFor() {
    }

    /**
     * @param inbound     the inbound header value(s) joined by commas, or {@code null}
     * @param peer        the address of the TCP peer of this proxy
     * @param trustedHops number of trusted proxies in front of this one
     * @return the value to send upstream
     */
    public static String chain(String inbound, String peer, int trustedHops) {
        if (trustedHops == 0 || inbound == null || inbound.isBlank()) {
            return peer;
        }
        int from = startOfLast(inbound, trustedHops);
        String trusted = inbound.substring(from).trim();
        return trusted.isEmpty() ? peer : trusted + ", " + peer;
    }

    /**
     * @return the client's address as far as it can be trusted: the {@code trustedHops}-th entry from the right of
     *     {@code inbound}, the leftmost entry if there are fewer, or {@code peer} when nothing is trusted
     */
    public static String clientAddress(String inbound, String peer, int trustedHops) {
        if (trustedHops == 0 || inbound == null || inbound.isBlank()) {
            return peer;
        }
        int from = startOfLast(inbound, trustedHops);
        int comma = inbound.indexOf(',', from);
        String first = (comma < 0 ? inbound.substring(from) : inbound.substring(from, comma)).trim();
        return first.isEmpty() ? peer : first;
    }

    /** Index where the last {@code n} comma-separated entries start (0 when there are fewer than n). */
    private static int startOfLast(String value, int n) {
        int seen = 0;
        for (int i = value.length() - 1; i >= 0; i--) {
            if (value.charAt(i) == ',' && ++seen == n) {
                return i + 1;
            }
        }
        return 0;
    }
}

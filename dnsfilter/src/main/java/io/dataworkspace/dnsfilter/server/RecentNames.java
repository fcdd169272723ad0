package io.dataworkspace.dnsfilter.server;

/**
 * The strings of recently asked names, so that a name asked again (what a cached answer is for) is read from the
 * datagram without making new strings. Direct-mapped by a hash of the name as written: a slot holds the last name
 * that hashed there, a new name replaces it. Bounded ({@code slots} names of at most 255 characters, twice when the
 * client used upper case); a flood of unique names only churns it. Confined to one event loop.
 */
final class RecentNames {

    private final String[] asWritten;
    private final String[] lowerCase;
    private final int[] hashes;
    private final int mask;

    /**
     * @param slots how many names are kept: a power of two
     */
    RecentNames(int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        asWritten = new String[slots];
        lowerCase = new String[slots];
        hashes = new int[slots];
        mask = slots - 1;
    }

    /**
     * @param chars the name as written, without trailing dot
     * @param n     its length
     * @param hash  {@link #hash} of it
     * @return the slot holding exactly that name, or -1
     */
    int find(char[] chars, int n, int hash) {
        int at = slot(hash);
        String s = asWritten[at];
        if (s == null || hashes[at] != hash || s.length() != n) {
            return -1;
        }
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) != chars[i]) {
                return -1;
            }
        }
        return at;
    }

    /**
     * Remembers a name, replacing whatever its slot held.
     *
     * @param hash      {@link #hash} of the name as written
     * @param asWritten the name as written
     * @param lowerCase the same, lower case
     */
    void put(int hash, String asWritten, String lowerCase) {
        int at = slot(hash);
        this.hashes[at] = hash;
        this.asWritten[at] = asWritten;
        this.lowerCase[at] = lowerCase;
    }

    /** @return the name as written in a slot {@link #find} returned */
    String asWritten(int slot) {
        return asWritten[slot];
    }

    /** @return the lower-case name in a slot {@link #find} returned */
    String lowerCase(int slot) {
        return lowerCase[slot];
    }

    /**
     * @param chars the name
     * @param n     its length
     * @return the hash {@link #find} and {@link #put} expect
     */
    static int hash(char[] chars, int n) {
        int h = n;
        for (int i = 0; i < n; i++) {
            h = 31 * h + chars[i];
        }
        return h;
    }

    private int slot(int hash) {
        return (hash ^ (hash >>> 16)) & mask;
    }
}

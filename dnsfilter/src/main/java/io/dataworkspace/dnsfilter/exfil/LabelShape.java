package io.dataworkspace.dnsfilter.exfil;

import java.util.Arrays;

/**
 * Decides whether a label looks like encoded data rather than a name a person or a cloud service chose:
 * high Shannon entropy, a long run of hex digits, or digits scattered among letters as base32/base64 produce.
 */
public final class LabelShape {

    private LabelShape() {
    }

    /**
     * @param name        the name
     * @param from        first character of the label
     * @param to          one past the last character of the label
     * @param entropyBits entropy threshold, bits per character
     * @return whether the label looks encoded
     */
    public static boolean looksEncoded(CharSequence name, int from, int to, double entropyBits) {
        return looksEncoded(name, from, to, entropyBits, new int[128]);
    }

    /**
     * The same with a caller's scratch array, so that a check allocates nothing.
     *
     * @param name        the name
     * @param from        first character of the label
     * @param to          one past the last character of the label
     * @param entropyBits entropy threshold, bits per character
     * @param counts      scratch of 128 counters; cleared here
     * @return whether the label looks encoded
     */
    public static boolean looksEncoded(CharSequence name, int from, int to, double entropyBits, int[] counts) {
        Arrays.fill(counts, 0);
        int len = to - from;
        int digits = 0;
        int hexLetters = 0;
        int otherLetters = 0;
        int switches = 0;
        int prevClass = -1;
        for (int i = from; i < to; i++) {
            char c = Character.toLowerCase(name.charAt(i));
            counts[c & 127]++;
            int cls;
            if (c >= '0' && c <= '9') {
                digits++;
                cls = 0;
            } else if (c >= 'a' && c <= 'f') {
                hexLetters++;
                cls = 1;
            } else if (c >= 'g' && c <= 'z') {
                otherLetters++;
                cls = 1;
            } else {
                cls = 2;
            }
            if (prevClass >= 0 && cls != prevClass && cls != 2 && prevClass != 2) {
                switches++;
            }
            prevClass = cls;
        }
        // hex dumps: only [0-9a-f], mostly digits (hex of text) or a good share of them
        if (otherLetters == 0 && digits >= 4 && digits + hexLetters == len) {
            return true;
        }
        // base32/base64: digits sprinkled among letters (a person writes "s3" or "2024", not "k2xq7m4a")
        if (digits >= 3 && switches * 4 >= len) {
            return true;
        }
        return entropyBits > 0 && entropy(counts, len) >= entropyBits;
    }

    /**
     * @param counts character counts
     * @param len    total characters
     * @return Shannon entropy in bits per character
     */
    static double entropy(int[] counts, int len) {
        double h = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / len;
                h -= p * (Math.log(p) / Math.log(2));
            }
        }
        return h;
    }
}

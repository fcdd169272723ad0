package io.dataworkspace.dnsfilter.rules;

/** A rules file that cannot be used, with the line and the reason. */
public final class RulesException extends Exception {

    private final int line;

    /**
     * @param line   1-based line of the problem, or 0 when it concerns the whole file
     * @param reason a sentence saying what is wrong
     */
    public RulesException(int line, String reason) {
        super(line > 0 ? "line " + line + ": " + reason : reason);
        this.line = line;
    }

    /** @return the 1-based line of the problem, or 0 when it concerns the whole file */
    public int line() {
        return line;
    }
}

package io.dataworkspace.launcher.tool;

/** The tool templates file is missing or malformed; the message names the file, the place and the reason. */
public final class ToolCatalogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ToolCatalogException(String message, Throwable cause) {
        super(message, cause);
    }

    public ToolCatalogException(String message) {
        super(message);
    }
}

package io.dataworkspace.proxy.web.files;

/** A file-browser call that cannot be done, with the HTTP status and a sentence for the caller. */
public final class FilesException extends RuntimeException {
    private final int status;

    public FilesException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static FilesException badRequest(String message) {
        return new FilesException(400, message);
    }

    static FilesException notFound(String message) {
        return new FilesException(404, message);
    }

    static FilesException conflict(String message) {
        return new FilesException(409, message);
    }
}

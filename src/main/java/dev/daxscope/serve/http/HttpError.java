package dev.daxscope.serve.http;

/** A request the server answers with an error status and then closes the connection of. */
final class HttpError extends Exception {
    private final int status;

    HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}

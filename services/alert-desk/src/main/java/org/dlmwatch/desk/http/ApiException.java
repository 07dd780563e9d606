package org.dlmwatch.desk.http;

/** An HTTP error with a message for the client (never patient data). */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;

    ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }
}

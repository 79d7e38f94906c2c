package dev.assay.server;

/** The machine-readable {@code code} of a JSON error body, one per status the API returns. */
enum ErrorCode {
    BAD_REQUEST(400), UNAUTHORIZED(401), FORBIDDEN(403), NOT_FOUND(404), METHOD_NOT_ALLOWED(405),
    REQUEST_TIMEOUT(408), CONFLICT(409), PAYLOAD_TOO_LARGE(413), URI_TOO_LONG(414), UNSUPPORTED_MEDIA_TYPE(415),
    TOO_MANY_REQUESTS(429), HEADERS_TOO_LARGE(431), INTERNAL_ERROR(500), BAD_GATEWAY(502), UNAVAILABLE(503),
    GATEWAY_TIMEOUT(504);

    final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The code of {@code status}; other 4xx become bad_request, other 5xx internal_error. */
    static ErrorCode of(int status) {
        for (ErrorCode c : values()) if (c.status == status) return c;
        return status >= 500 ? INTERNAL_ERROR : BAD_REQUEST;
    }
}

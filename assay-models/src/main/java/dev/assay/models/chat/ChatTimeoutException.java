package dev.assay.models.chat;

/** No answer within the time limit; the request was cancelled. */
public final class ChatTimeoutException extends ChatException {
    public ChatTimeoutException(String message) {
        super(message, null, null);
    }
}

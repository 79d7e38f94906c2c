package dev.assay.models.chat;

/**
 * Refused on our side before anything was sent: the request asks for something the provider cannot give (log
 * probabilities from Anthropic, a seed, a temperature out of its range) or is over the client's size limit. Not
 * retried; trying again cannot help until the request changes.
 */
public final class InvalidRequestException extends ChatException {
    public InvalidRequestException(String message) {
        super(message, null, null);
    }
}

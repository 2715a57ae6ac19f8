package io.privacyplatform.support.inbox;

/**
 * A record that can never be processed as it is (no CloudEvents id, unknown type, data that does not bind
 * to the contract). The consumer lets it fail so that it goes to the service's dead-letter topic with
 * this message as the reason. The message describes structure only, never the data.
 */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String reason) {
        super(reason);
    }
}

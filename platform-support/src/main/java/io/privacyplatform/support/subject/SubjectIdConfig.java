package io.privacyplatform.support.subject;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

@ConfigMapping(prefix = "platform.subject-id")
public interface SubjectIdConfig {

    /**
     * Secret key of the HMAC that turns an email address into a subject id. Every service must use the
     * same key; a secret, so never in the default profile.
     */
    Optional<String> hmacKey();
}

package io.privacyplatform.request.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.RequestDetails;
import io.privacyplatform.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.util.List;

/**
 * The encrypted columns of a request, sealed and revealed: its body ({@link RequestDetails} as JSON), the free
 * texts and the reasons of a partial completion. Only the caller who may see the request asks for a reveal.
 */
@ApplicationScoped
public class RequestSecrets {

    private final FieldCipher cipher;
    private final ObjectMapper objectMapper;

    RequestSecrets(FieldCipher cipher, ObjectMapper objectMapper) {
        this.cipher = cipher;
        this.objectMapper = objectMapper;
    }

    /** The body as stored: written as the base type, so the JSON carries {@code type} and reads back polymorphically. */
    public String detailsJson(RequestDetails details) {
        try {
            return objectMapper.writerFor(RequestDetails.class).writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a " + details.type() + " body", e);
        }
    }

    public RequestDetails readDetails(String json) {
        return read(json, new TypeReference<RequestDetails>() { });
    }

    /** The request's body, decrypted; 410 once the purge deleted it (retention rule request-bodies-after-closing). */
    public RequestDetails details(DataSubjectRequest request) {
        if (request.bodyPurgedAt != null) {
            throw new ProblemException(410, "Gone", "The body of request " + request.id + " was deleted on "
                    + request.bodyPurgedAt + ", after the request closed (retention rule request-bodies-after-closing); "
                    + "its record, decision and audit trail remain.");
        }
        String json = cipher.decrypt(request.detailsCt, Sealed.DETAILS.place(request.id));
        if (json == null) {
            // Filed before bodies existed (only ERASURE was handled then).
            return new RequestDetails.Erasure(null);
        }
        return readDetails(json);
    }

    /** The body of a request whose type the caller checked. */
    public <B extends RequestDetails> B details(DataSubjectRequest request, Class<B> type) {
        return type.cast(details(request));
    }

    /** Encrypts a text for one of the request's columns. */
    public String seal(DataSubjectRequest request, Sealed column, String plaintext) {
        return cipher.encrypt(plaintext, column.place(request.id));
    }

    public String reveal(DataSubjectRequest request, Sealed column, String stored) {
        return cipher.decrypt(stored, column.place(request.id));
    }

    /** Stores the reasons of a partial completion, which the subject reads. */
    public void sealOutcomeReasons(DataSubjectRequest request, List<String> reasons) {
        request.outcomeReasonsCt = seal(request, Sealed.OUTCOME_REASONS, json(reasons));
    }

    public List<String> outcomeReasons(DataSubjectRequest request) {
        String json = reveal(request, Sealed.OUTCOME_REASONS, request.outcomeReasonsCt);
        return json == null ? List.of() : read(json, new TypeReference<List<String>>() { });
    }

    String json(Object value) {
        try {
            return objectMapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    <T> T read(String json, TypeReference<T> type) {
        try {
            return objectMapper.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException("stored JSON does not read back as " + type.getType().getTypeName());
        }
    }
}

package io.privacyplatform.support.client;

import com.fasterxml.jackson.core.JsonParseException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceCallExceptionTest {

    @Test
    void statusesFallIntoTheKindsCallersTellApart() {
        assertEquals(ServiceCallException.Kind.UNAUTHORIZED, ServiceCallException.status(401).kind());
        assertEquals(ServiceCallException.Kind.UNAUTHORIZED, ServiceCallException.status(403).kind());
        assertEquals(ServiceCallException.Kind.NOT_FOUND, ServiceCallException.status(404).kind());
        assertEquals(ServiceCallException.Kind.CONFLICT, ServiceCallException.status(409).kind());
        assertEquals(ServiceCallException.Kind.SERVER_ERROR, ServiceCallException.status(503).kind());
        assertEquals(ServiceCallException.Kind.OTHER_STATUS, ServiceCallException.status(302).kind());
        assertEquals(503, ServiceCallException.status(503).status());
        assertEquals("HTTP 503", ServiceCallException.status(503).getMessage());
    }

    @Test
    void whatAClientThrowsIsClassifiedByItsCauses() {
        ServiceCallException mapped = ServiceCallException.status(409);
        assertSame(mapped, ServiceCallException.of(new ProcessingException(mapped)));

        ServiceCallException notJson = ServiceCallException.of(new ProcessingException(new JsonParseException(null, "x")));
        assertEquals(ServiceCallException.Kind.UNPARSEABLE, notJson.kind());
        assertEquals(200, notJson.status());

        ServiceCallException refused = ServiceCallException.of(new ProcessingException(new ConnectException("refused")));
        assertEquals(ServiceCallException.Kind.NO_ANSWER, refused.kind());
        assertEquals(0, refused.status());
        assertEquals("no response or no service token (ProcessingException)", refused.getMessage());
    }

    @Test
    void onlyA200WithJsonIsLeftToTheReader() {
        ServiceAnswerMapper mapper = new ServiceAnswerMapper();
        assertFalse(mapper.handles(200, headers("application/json")));
        assertFalse(mapper.handles(200, headers("application/json;charset=UTF-8")));
        assertFalse(mapper.handles(200, headers("application/problem+json")));
        MultivaluedMap<String, Object> lowerCase = new MultivaluedHashMap<>();
        lowerCase.add("content-type", "application/json");
        assertFalse(mapper.handles(200, lowerCase));
        assertTrue(mapper.handles(200, headers("text/html")));
        assertTrue(mapper.handles(200, new MultivaluedHashMap<>()));
        assertTrue(mapper.handles(204, headers("application/json")));
        assertTrue(mapper.handles(404, headers("application/problem+json")));
    }

    private static MultivaluedMap<String, Object> headers(String contentType) {
        MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();
        headers.add("Content-Type", contentType);
        return headers;
    }
}

package io.privacyplatform.support.client;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

import java.util.Locale;

/**
 * Registered on every typed REST client of a platform contract ({@code @RegisterProvider(ServiceAnswerMapper.class)}):
 * a contract answers 200 with JSON, so anything else becomes a {@link ServiceCallException} before the body is read
 * (the status of a 4xx or 5xx, or "unparseable" for a 200 that is not JSON, such as a proxy's HTML page).
 */
public class ServiceAnswerMapper implements ResponseExceptionMapper<ServiceCallException> {

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status != 200 || !json(contentType(headers));
    }

    @Override
    public ServiceCallException toThrowable(Response response) {
        return response.getStatus() == 200 ? ServiceCallException.unparseable() : ServiceCallException.status(response.getStatus());
    }

    /** Header names arrive as the server wrote them ({@code content-type} from Vert.x, for one). */
    private static Object contentType(MultivaluedMap<String, Object> headers) {
        return headers.entrySet().stream()
                .filter(header -> "Content-Type".equalsIgnoreCase(header.getKey()) && !header.getValue().isEmpty())
                .map(header -> header.getValue().get(0)).findFirst().orElse(null);
    }

    private static boolean json(Object contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toString().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }
}

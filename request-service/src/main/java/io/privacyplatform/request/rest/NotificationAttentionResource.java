package io.privacyplatform.request.rest;

import io.privacyplatform.request.service.notification.Notifications;
import io.privacyplatform.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The mails to persons that need the officer: not delivered after many attempts, or no address known. */
@Path("/requests/attention/notifications")
@Tag(name = "Data-subject requests")
@SecurityRequirement(name = "bearer")
@RolesAllowed(Roles.PRIVACY_OFFICER)
public class NotificationAttentionResource {

    static final String STUCK = """
            {"requestId":"3f0e6c1e-1d4b-4a8e-9a53-6f6f3f7c2a10","id":"8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f","kind":"REJECTED",
             "status":"PENDING","attempts":6,"queuedAt":"2026-02-01T09:00:00Z","nextAttemptAt":"2026-02-01T15:00:00Z",
             "lastError":"MAIL_ConnectException","why":"not delivered after 6 attempts; retried (MAIL_ConnectException)"}""";

    private final Notifications notifications;

    NotificationAttentionResource(Notifications notifications) {
        this.notifications = notifications;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Mails to persons that need the officer, oldest first (privacy officer)",
            description = "A mail still not delivered after requests.notifications.attention-after-attempts attempts (it is "
                    + "still retried, with a doubling wait), and a mail of an open request that cannot be sent because no "
                    + "address of the person is known (NO_ADDRESS: the in-app notices remain; tell the person another way).")
    @APIResponse(responseCode = "200", description = "A page", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "stuck", value = "{\"items\":[" + STUCK + "],\"page\":0,\"size\":50,\"total\":1}")))
    public Page<Notifications.Stuck> list(@Valid @BeanParam PageParams paging) {
        return new Page<>(notifications.needingAttention(paging.page, paging.size), paging.page, paging.size,
                notifications.countNeedingAttention());
    }
}

package io.privacyplatform.consent.rest;

import io.privacyplatform.consent.config.ConsentConfig;
import io.privacyplatform.consent.service.SuppressionList;
import io.privacyplatform.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The import check against the suppression list: before the platform imports contacts from a partner or a
 * list, it sends their addresses here (authenticated HTTPS, never Kafka); they are hashed with the
 * suppression key at once and neither stored nor logged nor echoed.
 */
@Path("/suppressions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Suppression list")
@SecurityRequirement(name = "bearer")
public class SuppressionResource {

    private final SuppressionList suppression;
    private final ConsentConfig config;

    SuppressionResource(SuppressionList suppression, ConsentConfig config) {
        this.suppression = suppression;
        this.config = config;
    }

    @POST
    @Path("/check")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CONSENT_CHECKER)
    @Transactional
    @Operation(summary = "Which of these addresses must not be imported (answers by position)",
            description = "At most consent.batch-limit (default 1,000) addresses.")
    public Views.SuppressionAnswers check(@Valid @NotNull Views.SuppressionQuery query) {
        if (query.emails().size() > config.batchLimit()) {
            throw ConsentResource.invalid("emails", "must hold at most " + config.batchLimit() + " addresses",
                    "Too many addresses in one check; split the list.");
        }
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < query.emails().size(); i++) {
            hashes.add(suppression.emailHash(query.emails().get(i), "emails[" + i + "]"));
        }
        List<LocalDate> dates = hashes.isEmpty() ? List.of() : suppression.suppressedOn(hashes);
        List<Views.SuppressionAnswer> results = new ArrayList<>();
        int suppressed = 0;
        for (int i = 0; i < dates.size(); i++) {
            LocalDate on = dates.get(i);
            if (on != null) {
                suppressed++;
            }
            results.add(new Views.SuppressionAnswer(i, on != null, on, on == null ? null
                    : "suppressed since " + on + ": its owner was erased after refusing marketing; do not import"));
        }
        return new Views.SuppressionAnswers(results.size(), suppressed, results);
    }
}

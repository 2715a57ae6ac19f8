package io.privacyplatform.partnersync.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.partnersync.DeadReason;
import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.config.PartnersConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * OpenAI: deletes responses, conversations (their items first: deleting a conversation leaves its items),
 * files, vector stores and stored chat completions, then reads each back. 404 means already deleted.
 * OpenAI's abuse-monitoring logs cannot be deleted through the API: the confirmation says so.
 */
@ApplicationScoped
public class OpenAiConnector implements PartnerConnector {

    static final String EXPORT_NOTICE = "OpenAI objects are listed from the processor records; their content is not read back.";
    static final int PAGE_SIZE = 100;
    static final int MAX_PAGES = 100;

    private final OpenAiApi api;
    private final PartnerGate gate;
    private final PartnersConfig config;

    OpenAiConnector(@RestClient OpenAiApi api, PartnersConfig config, MeterRegistry registry, Clock clock) {
        this.api = api;
        this.config = config;
        this.gate = new PartnerGate(Systems.OPENAI, config.limits(Systems.OPENAI), registry, clock);
    }

    @Override
    public PartnerGate gate() {
        return gate;
    }

    @Override
    public String partner() {
        return Systems.OPENAI;
    }

    /** OpenAI objects are content, not a contact record: listed in an access export, never read back. */
    @Override
    public Optional<String> exportNotReadNotice() {
        return Optional.of(EXPORT_NOTICE);
    }

    @Override
    public Uni<TaskEvidence> erase(PartnerObjectType type, String id) {
        return Uni.createFrom().deferred(() -> {
            if (config.openai().apiKey().filter(k -> !k.isBlank()).isEmpty()) {
                throw new TransientPartnerException(partner(), 0, "partners.openai.api-key is not configured");
            }
            return switch (type) {
                case OPENAI_RESPONSE -> deleteAndVerify("/v1/responses/{id}", id, api::deleteResponse, api::getResponse);
                case OPENAI_FILE -> deleteAndVerify("/v1/files/{id}", id, api::deleteFile, api::getFile);
                case OPENAI_VECTOR_STORE -> deleteAndVerify("/v1/vector_stores/{id}", id, api::deleteVectorStore, api::getVectorStore);
                case OPENAI_CHAT_COMPLETION -> deleteAndVerify("/v1/chat/completions/{id}", id, api::deleteChatCompletion, api::getChatCompletion);
                case OPENAI_CONVERSATION -> eraseConversation(id);
                default -> throw new PermanentPartnerException(partner(), 0, null, "unsupported object type " + type.wireName(),
                        DeadReason.UNSUPPORTED);
            };
        });
    }

    private Uni<TaskEvidence> deleteAndVerify(String path, String id, Function<String, Uni<Response>> delete,
                                              Function<String, Uni<Response>> read) {
        return gate.call(() -> delete.apply(id))
                .map(deleted -> deleteResult("DELETE " + path, deleted))
                .flatMap(result -> readBack(path, id, read).map(verification -> new TaskEvidence(result, "DELETE " + path, verification)));
    }

    /** Items first (listed page by page, then deleted one after the other), then the conversation itself. */
    private Uni<TaskEvidence> eraseConversation(String conversationId) {
        String path = "/v1/conversations/{id}";
        return listItems(conversationId, null, new ArrayList<>(), 0).flatMap(listed -> {
            Uni<Void> itemsDeleted = Multi.createFrom().iterable(listed.items())
                    .onItem().transformToUniAndConcatenate(itemId -> gate.call(() -> api.deleteConversationItem(conversationId, itemId))
                            .invoke(deletedItem -> {
                                if (!(deletedItem.is(200) && deletedItem.json().isObject()) && !isNotFound(deletedItem)) {
                                    throw failure("DELETE " + path + "/items/{item_id}", deletedItem);
                                }
                            }))
                    .collect().last().replaceWithVoid();
            Uni<String> result = listed.conversationGone()
                    ? itemsDeleted.replaceWith(TaskEvidence.ALREADY_ABSENT)
                    : itemsDeleted.flatMap(none -> gate.call(() -> api.deleteConversation(conversationId)))
                            .map(deleted -> deleteResult("DELETE " + path, deleted));
            List<String> items = listed.items();
            String action = items.isEmpty()
                    ? "DELETE " + path
                    : "DELETE " + path + "/items/{item_id} (" + items.size() + " item" + (items.size() == 1 ? "" : "s") + "), then DELETE " + path;
            return result.flatMap(deleted -> readBack(path, conversationId, api::getConversation)
                    .map(verification -> new TaskEvidence(deleted, action, verification)));
        });
    }

    /** The conversation's item ids from page {@code page} on; {@code conversationGone} when it answered 404. */
    private Uni<ListedItems> listItems(String conversationId, String after, List<String> items, int page) {
        return gate.call(() -> api.listConversationItems(conversationId, PAGE_SIZE, after)).flatMap(listed -> {
            if (isNotFound(listed)) {
                return Uni.createFrom().item(new ListedItems(items, true));
            }
            if (!listed.is(200) || !listed.json().path("data").isArray()) {
                throw failure("GET /v1/conversations/{id}/items", listed);
            }
            JsonNode body = listed.json();
            for (JsonNode item : body.path("data")) {
                String itemId = item.path("id").asText(null);
                if (itemId != null && !itemId.isBlank()) {
                    items.add(itemId);
                }
            }
            String next = body.path("last_id").asText(null);
            if (!body.path("has_more").asBoolean(false) || next == null || next.isBlank() || page + 1 >= MAX_PAGES) {
                return Uni.createFrom().item(new ListedItems(items, false));
            }
            return listItems(conversationId, next, items, page + 1);
        });
    }

    private record ListedItems(List<String> items, boolean conversationGone) {
    }

    private String deleteResult(String step, PartnerResponse deleted) {
        if (deleted.is(200) && deleted.saysDeleted()) {
            return TaskEvidence.DELETED;
        }
        if (isNotFound(deleted)) {
            return TaskEvidence.ALREADY_ABSENT;
        }
        throw failure(step, deleted);
    }

    private Uni<String> readBack(String path, String id, Function<String, Uni<Response>> read) {
        return gate.call(() -> read.apply(id)).map(check -> {
            if (isNotFound(check)) {
                return "GET " + path + " returned 404";
            }
            if (check.is(200) && check.json().path("id").isTextual()) {
                gate.unexpected(check);
                throw new TransientPartnerException(partner(), 200, "read-back: object still present");
            }
            throw failure("GET " + path, check);
        });
    }

    /** 404 with OpenAI's error body (a bare 404 from a proxy proves nothing). */
    private static boolean isNotFound(PartnerResponse response) {
        return response.is(404) && response.json().path("error").isObject();
    }

    private PartnerException failure(String step, PartnerResponse response) {
        gate.unexpected(response);
        JsonNode error = response.json().path("error");
        String code = PartnerErrors.code(error.path("code"));
        String type = PartnerErrors.code(error.path("type"));
        String shown = code != null ? code : type;
        if (response.is(429) && ("insufficient_quota".equals(code) || "insufficient_quota".equals(type))) {
            // Billing, not load: waiting does not help.
            return new PermanentPartnerException(partner(), 429, "insufficient_quota",
                    PartnerErrors.reason(step, 429, "insufficient_quota"), DeadReason.QUOTA_EXHAUSTED);
        }
        Optional<Duration> wait = RateLimitHints.longest(
                gate.retryAfter(response),
                RateLimitHints.millis(response.header("retry-after-ms")),
                response.is(429) ? RateLimitHints.goDuration(response.header("x-ratelimit-reset-requests")) : Optional.empty());
        return PartnerErrors.classify(partner(), step, response, error.isObject(), shown, wait);
    }
}

package io.privacyplatform.sandbox;

import static io.privacyplatform.sandbox.Jsons.obj;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * OpenAI objects a processor keeps per subject: responses, conversations and their items, stored chat completions
 * (listable by {@code metadata[subject]}), files and vector stores; read and delete endpoints under {@code /v1}.
 * Deleting a conversation does not delete its items (they stay in the model, visible through
 * {@link PartnerSandbox#openAiConversationItemIds}), as at OpenAI.
 */
final class OpenAiSimulator extends PartnerSimulator {

    static final Set<String> KINDS = Set.of("response", "conversation", "chat_completion", "file", "vector_store");

    private final Map<String, Long> responses = new LinkedHashMap<>();
    private final Map<String, Long> conversations = new LinkedHashMap<>();
    /** Conversation id to item ids in creation order; kept when the conversation itself is deleted. */
    private final Map<String, List<String>> conversationItems = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> chatCompletions = new LinkedHashMap<>();
    private final Map<String, Long> chatCompletionCreated = new LinkedHashMap<>();
    private final Map<String, Long> files = new LinkedHashMap<>();
    private final Map<String, Long> vectorStores = new LinkedHashMap<>();

    @Override
    Partner partner() {
        return Partner.OPENAI;
    }

    @Override
    synchronized SandboxResponse handle(SandboxRequest request) {
        SandboxResponse response = request.bearerToken() == null
                ? error(401, "You didn't provide an API key. You need to provide your API key in an Authorization"
                        + " header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password"
                        + " field (with blank username) if you're accessing the API from your browser and are"
                        + " prompted for a username and password. You can obtain an API key from"
                        + " https://platform.openai.com/account/api-keys.", "invalid_request_error", null)
                : route(request);
        return decorate(response, false);
    }

    private SandboxResponse route(SandboxRequest request) {
        List<String> s = request.segments;
        String m = request.method;
        if (s.size() >= 2 && s.get(0).equals("v1")) {
            String collection = s.get(1);
            if (s.size() == 3) {
                String id = s.get(2);
                switch (collection) {
                    case "responses":
                        if (m.equals("GET")) {
                            return responses.containsKey(id) ? ok(response(id)) : notFound("response", id);
                        }
                        if (m.equals("DELETE")) {
                            return responses.remove(id) != null
                                    ? ok(obj("id", id, "object", "response", "deleted", true))
                                    : notFound("response", id);
                        }
                        break;
                    case "conversations":
                        if (m.equals("GET")) {
                            return conversations.containsKey(id) ? ok(conversation(id)) : notFound("conversation", id);
                        }
                        if (m.equals("DELETE")) {
                            return conversations.remove(id) != null
                                    ? ok(obj("id", id, "object", "conversation.deleted", "deleted", true))
                                    : notFound("conversation", id);
                        }
                        break;
                    case "files":
                        if (m.equals("GET")) {
                            return files.containsKey(id) ? ok(file(id)) : notFound("file", id);
                        }
                        if (m.equals("DELETE")) {
                            return files.remove(id) != null
                                    ? ok(obj("id", id, "object", "file", "deleted", true))
                                    : notFound("file", id);
                        }
                        break;
                    case "vector_stores":
                        if (m.equals("GET")) {
                            return vectorStores.containsKey(id) ? ok(vectorStore(id)) : notFound("vector_store", id);
                        }
                        if (m.equals("DELETE")) {
                            return vectorStores.remove(id) != null
                                    ? ok(obj("id", id, "object", "vector_store.deleted", "deleted", true))
                                    : notFound("vector_store", id);
                        }
                        break;
                    default:
                        break;
                }
            }
            if (collection.equals("conversations") && s.size() >= 4 && s.get(3).equals("items")) {
                return conversationItems(request, s.get(2), s.size() == 5 ? s.get(4) : null);
            }
            if (collection.equals("chat") && s.size() >= 3 && s.get(2).equals("completions")) {
                if (s.size() == 3 && m.equals("GET")) {
                    return listChatCompletions(request);
                }
                if (s.size() == 4) {
                    String id = s.get(3);
                    if (m.equals("GET")) {
                        return chatCompletions.containsKey(id) ? ok(chatCompletion(id)) : notFound("chat_completion", id);
                    }
                    if (m.equals("DELETE")) {
                        if (chatCompletions.remove(id) == null) {
                            return notFound("chat_completion", id);
                        }
                        chatCompletionCreated.remove(id);
                        return ok(obj("object", "chat.completion.deleted", "id", id, "deleted", true));
                    }
                }
            }
        }
        return error(404, "Invalid URL (" + m + " " + request.path + ")", "invalid_request_error", null);
    }

    private SandboxResponse conversationItems(SandboxRequest request, String conversationId, String itemId) {
        String m = request.method;
        if (itemId == null && request.segments.size() != 4 || itemId == null && !m.equals("GET")
                || itemId != null && !m.equals("GET") && !m.equals("DELETE")) {
            return error(404, "Invalid URL (" + m + " " + request.path + ")", "invalid_request_error", null);
        }
        if (!conversations.containsKey(conversationId)) {
            return notFound("conversation", conversationId);
        }
        List<String> items = conversationItems.computeIfAbsent(conversationId, k -> new ArrayList<>());
        if (itemId == null) {
            return page(request, items, "desc", this::item);
        }
        if (!items.contains(itemId)) {
            return error(404, "Item with id '" + itemId + "' not found.", "invalid_request_error", null);
        }
        if (m.equals("GET")) {
            return ok(item(itemId));
        }
        items.remove(itemId);
        return ok(conversation(conversationId)); // deleting an item returns the conversation
    }

    private SandboxResponse listChatCompletions(SandboxRequest request) {
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : chatCompletions.entrySet()) {
            boolean match = true;
            for (String name : request.queryNames()) {
                if (name.startsWith("metadata[") && name.endsWith("]")) {
                    String key = name.substring("metadata[".length(), name.length() - 1);
                    match &= request.query(name).equals(e.getValue().get(key));
                }
            }
            if (match) {
                ids.add(e.getKey());
            }
        }
        return page(request, ids, "asc", this::chatCompletion);
    }

    /** OpenAI cursor pagination: limit (1..100, default 20), order (asc|desc), after (an id). */
    private SandboxResponse page(SandboxRequest request, List<String> chronological, String defaultOrder,
                                 java.util.function.Function<String, Map<String, Object>> render) {
        int limit = 20;
        if (request.query("limit") != null) {
            try {
                limit = Integer.parseInt(request.query("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 100) {
                return error(400, "Invalid 'limit': integer below minimum value or above maximum value (1..100).",
                        "invalid_request_error", "integer_below_min_value", "limit");
            }
        }
        String order = request.query("order") == null ? defaultOrder : request.query("order");
        if (!order.equals("asc") && !order.equals("desc")) {
            return error(400, "Invalid 'order': expected one of asc, desc.", "invalid_request_error", null, "order");
        }
        List<String> ordered = new ArrayList<>(chronological);
        if (order.equals("desc")) {
            Collections.reverse(ordered);
        }
        int start = 0;
        String after = request.query("after");
        if (after != null) {
            int index = ordered.indexOf(after);
            if (index < 0) {
                return error(400, "Invalid 'after': no object with id '" + after + "'.", "invalid_request_error",
                        null, "after");
            }
            start = index + 1;
        }
        List<String> pageIds = ordered.subList(start, Math.min(ordered.size(), start + limit));
        List<Object> data = new ArrayList<>();
        for (String id : pageIds) {
            data.add(render.apply(id));
        }
        return ok(obj("object", "list", "data", data,
                "first_id", pageIds.isEmpty() ? null : pageIds.get(0),
                "last_id", pageIds.isEmpty() ? null : pageIds.get(pageIds.size() - 1),
                "has_more", start + limit < ordered.size()));
    }

    // ---- objects ----

    private Map<String, Object> response(String id) {
        return obj("id", id, "object", "response", "created_at", responses.get(id), "status", "completed",
                "model", "gpt-4.1-mini", "output", List.of(), "metadata", Map.of());
    }

    private Map<String, Object> conversation(String id) {
        Long created = conversations.get(id);
        return obj("id", id, "object", "conversation", "created_at", created == null ? now() : created,
                "metadata", Map.of());
    }

    private Map<String, Object> item(String id) {
        return obj("type", "message", "id", id, "status", "completed", "role", "user",
                "content", List.of(obj("type", "input_text", "text", "(sandbox item)")));
    }

    private Map<String, Object> chatCompletion(String id) {
        return obj("id", id, "object", "chat.completion", "created", chatCompletionCreated.get(id),
                "model", "gpt-4.1-mini", "choices", List.of(), "metadata", chatCompletions.get(id), "usage", null);
    }

    private Map<String, Object> file(String id) {
        return obj("id", id, "object", "file", "bytes", 0, "created_at", files.get(id), "filename", "sandbox.jsonl",
                "purpose", "user_data");
    }

    private Map<String, Object> vectorStore(String id) {
        return obj("id", id, "object", "vector_store", "created_at", vectorStores.get(id), "name", null,
                "status", "completed", "usage_bytes", 0, "file_counts",
                obj("in_progress", 0, "completed", 0, "failed", 0, "cancelled", 0, "total", 0));
    }

    // ---- errors and headers ----

    private static SandboxResponse ok(Object body) {
        return SandboxResponse.json(200, body);
    }

    private static SandboxResponse notFound(String kind, String id) {
        String message;
        switch (kind) {
            case "response": message = "Response with id '" + id + "' not found."; break;
            case "conversation": message = "Conversation with id '" + id + "' not found."; break;
            case "file": message = "No such File object: " + id; break;
            case "vector_store": message = "No vector store found with id '" + id + "'."; break;
            default: message = "Completion with id '" + id + "' not found.";
        }
        return error(404, message, "invalid_request_error", null);
    }

    private static SandboxResponse error(int status, String message, String type, String code) {
        return error(status, message, type, code, null);
    }

    private static SandboxResponse error(int status, String message, String type, String code, String param) {
        return SandboxResponse.json(status, obj("error", obj("message", message, "type", type, "param", param,
                "code", code)));
    }

    private static SandboxResponse decorate(SandboxResponse r, boolean rateLimited) {
        r.defaultHeader("x-request-id", "req_" + UUID.randomUUID().toString().replace("-", ""));
        r.defaultHeader("openai-version", "2020-10-01");
        r.defaultHeader("openai-processing-ms", "3");
        r.defaultHeader("x-ratelimit-limit-requests", "5000");
        r.defaultHeader("x-ratelimit-remaining-requests", rateLimited ? "0" : "4999");
        r.defaultHeader("x-ratelimit-reset-requests", rateLimited ? "1s" : "12ms");
        r.defaultHeader("x-ratelimit-limit-tokens", "800000");
        r.defaultHeader("x-ratelimit-remaining-tokens", "800000");
        r.defaultHeader("x-ratelimit-reset-tokens", "0s");
        return r;
    }

    @Override
    Set<Failure> supportedFailures() {
        return EnumSet.complementOf(EnumSet.of(Failure.IDEMPOTENCY_KEY_IN_USE));
    }

    @Override
    SandboxResponse failure(Failure failure, SandboxRequest request) {
        switch (failure) {
            case RATE_LIMITED:
                return decorate(error(429, "Rate limit reached for requests in organization org-sandbox on requests"
                        + " per min (RPM): Limit 5000, Used 5000, Requested 1. Please try again in 1s.", "requests",
                        "rate_limit_exceeded"), true);
            case INSUFFICIENT_QUOTA:
                return decorate(error(429, "You exceeded your current quota, please check your plan and billing"
                        + " details.", "insufficient_quota", "insufficient_quota"), false);
            case UNAUTHORIZED:
                return decorate(error(401, "Incorrect API key provided. You can find your API key at"
                        + " https://platform.openai.com/account/api-keys.", "invalid_request_error",
                        "invalid_api_key"), false);
            case SERVER_ERROR:
                return decorate(error(500, "The server had an error while processing your request. Sorry about"
                        + " that!", "server_error", null), false);
            case SERVICE_UNAVAILABLE:
                return decorate(error(503, "The server is overloaded or not ready yet.",
                        "service_unavailable_error", "server_is_overloaded"), false);
            case CONNECTION_RESET:
                return SandboxResponse.connectionReset();
            default:
                throw new IllegalArgumentException("OpenAI has no " + failure + " failure");
        }
    }

    // ---- state ----

    synchronized void seedObject(String kind, String id) {
        long now = now();
        switch (kind) {
            case "response": responses.put(id, now); break;
            case "conversation": seedConversation(id, List.of()); break;
            case "chat_completion": seedChatCompletion(id, null); break;
            case "file": files.put(id, now); break;
            case "vector_store": vectorStores.put(id, now); break;
            default: throw new IllegalArgumentException("Unknown OpenAI kind '" + kind + "', expected one of " + KINDS);
        }
    }

    synchronized void seedConversation(String id, List<String> itemIds) {
        conversations.put(id, now());
        conversationItems.computeIfAbsent(id, k -> new ArrayList<>()).addAll(itemIds);
    }

    synchronized void seedChatCompletion(String id, String subject) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (subject != null) {
            metadata.put("subject", subject);
        }
        chatCompletions.put(id, metadata);
        chatCompletionCreated.put(id, now());
    }

    @Override
    synchronized void seed(Map<String, Object> spec) {
        String kind = requiredString(spec, "kind");
        String id = requiredString(spec, "id");
        if (kind.equals("conversation") && spec.get("items") instanceof List) {
            List<String> items = new ArrayList<>();
            ((List<?>) spec.get("items")).forEach(item -> items.add(String.valueOf(item)));
            seedConversation(id, items);
        } else if (kind.equals("chat_completion")) {
            seedChatCompletion(id, optionalString(spec, "subject"));
        } else {
            seedObject(kind, id);
        }
    }

    synchronized boolean exists(String kind, String id) {
        switch (kind) {
            case "response": return responses.containsKey(id);
            case "conversation": return conversations.containsKey(id);
            case "chat_completion": return chatCompletions.containsKey(id);
            case "file": return files.containsKey(id);
            case "vector_store": return vectorStores.containsKey(id);
            default: throw new IllegalArgumentException("Unknown OpenAI kind '" + kind + "', expected one of " + KINDS);
        }
    }

    synchronized List<String> conversationItemIds(String conversationId) {
        return List.copyOf(conversationItems.getOrDefault(conversationId, List.of()));
    }

    @Override
    synchronized void reset() {
        responses.clear();
        conversations.clear();
        conversationItems.clear();
        chatCompletions.clear();
        chatCompletionCreated.clear();
        files.clear();
        vectorStores.clear();
    }

    @Override
    synchronized Map<String, Object> state() {
        Map<String, Object> items = new LinkedHashMap<>();
        conversationItems.forEach((conv, ids) -> items.put(conv, new ArrayList<>(ids)));
        Map<String, Object> completions = new LinkedHashMap<>();
        chatCompletions.forEach((id, metadata) -> completions.put(id, new LinkedHashMap<>(metadata)));
        return obj("responses", new ArrayList<>(responses.keySet()),
                "conversations", new ArrayList<>(conversations.keySet()),
                "conversationItems", items,
                "chatCompletions", completions,
                "files", new ArrayList<>(files.keySet()),
                "vectorStores", new ArrayList<>(vectorStores.keySet()));
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }
}

package io.privacyplatform.sandbox;

import static io.privacyplatform.sandbox.Http.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiContractTest {

    static PartnerSandbox sandbox;
    static String base;

    @BeforeAll
    static void start() {
        sandbox = PartnerSandbox.start();
        base = sandbox.openaiBaseUrl();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        sandbox.reset();
    }

    @Test
    void baseUrlEndsWithV1() {
        assertEquals("http://127.0.0.1:" + sandbox.port(Partner.OPENAI) + "/v1", base);
    }

    @Test
    void requiresBearerAuth() {
        sandbox.seedOpenAiObject("response", "resp_1");
        Http.Response r = Http.get(base + "/responses/resp_1");
        assertEquals(401, r.status());
        assertEquals("invalid_request_error", r.error().get("type"));
        assertTrue(r.error().containsKey("param") && r.error().containsKey("code"));
        assertTrue(sandbox.openAiExists("response", "resp_1"));
    }

    @Test
    void deleteBodiesAndReadBack() {
        sandbox.seedOpenAiObject("response", "resp_1");
        sandbox.seedOpenAiObject("file", "file-1");
        sandbox.seedOpenAiObject("vector_store", "vs_1");
        sandbox.seedOpenAiChatCompletion("chatcmpl-1", "subj-1");

        assertDeleted("/responses/resp_1", Map.of("id", "resp_1", "object", "response", "deleted", true));
        assertDeleted("/files/file-1", Map.of("id", "file-1", "object", "file", "deleted", true));
        assertDeleted("/vector_stores/vs_1", Map.of("id", "vs_1", "object", "vector_store.deleted", "deleted", true));
        assertDeleted("/chat/completions/chatcmpl-1",
                Map.of("id", "chatcmpl-1", "object", "chat.completion.deleted", "deleted", true));

        for (String path : List.of("/responses/resp_1", "/files/file-1", "/vector_stores/vs_1",
                "/chat/completions/chatcmpl-1")) {
            Http.Response read = Http.get(base + path, "Authorization", TOKEN);
            assertEquals(404, read.status(), path);
            assertTrue(read.error().containsKey("message"), path);
            assertEquals(404, Http.delete(base + path, "Authorization", TOKEN).status(), "repeat delete " + path);
        }
    }

    private void assertDeleted(String path, Map<String, Object> expected) {
        assertEquals(200, Http.get(base + path, "Authorization", TOKEN).status(), "exists before " + path);
        Http.Response r = Http.delete(base + path, "Authorization", TOKEN);
        assertEquals(200, r.status(), path);
        assertEquals(expected, r.json(), path);
    }

    @Test
    void deletingAConversationLeavesItsItems() {
        sandbox.seedOpenAiConversation("conv_1", List.of("msg_1", "msg_2", "msg_3"));

        Http.Response items = Http.get(base + "/conversations/conv_1/items?limit=2&order=asc", "Authorization", TOKEN);
        assertEquals(200, items.status());
        assertEquals(List.of("msg_1", "msg_2"), StripeContractTest.ids(items.list("data")));
        assertEquals(true, items.json().get("has_more"));
        Http.Response rest = Http.get(base + "/conversations/conv_1/items?limit=2&order=asc&after=msg_2",
                "Authorization", TOKEN);
        assertEquals(List.of("msg_3"), StripeContractTest.ids(rest.list("data")));

        Http.Response itemDeleted = Http.delete(base + "/conversations/conv_1/items/msg_1", "Authorization", TOKEN);
        assertEquals(200, itemDeleted.status());
        assertEquals("conversation", itemDeleted.json().get("object"), "item delete returns the conversation");
        assertEquals(404, Http.delete(base + "/conversations/conv_1/items/msg_1", "Authorization", TOKEN).status());

        Http.Response deleted = Http.delete(base + "/conversations/conv_1", "Authorization", TOKEN);
        assertEquals(200, deleted.status());
        assertEquals("conversation.deleted", deleted.json().get("object"));
        assertEquals(true, deleted.json().get("deleted"));
        assertEquals(404, Http.get(base + "/conversations/conv_1", "Authorization", TOKEN).status());
        assertEquals(404, Http.get(base + "/conversations/conv_1/items", "Authorization", TOKEN).status(),
                "items can no longer be listed once the conversation is gone");
        assertEquals(List.of("msg_2", "msg_3"), sandbox.openAiConversationItemIds("conv_1"),
                "but they were not deleted with it");
    }

    @Test
    void listsStoredChatCompletionsByMetadataSubject() {
        sandbox.seedOpenAiChatCompletion("chatcmpl-1", "subj-1");
        sandbox.seedOpenAiChatCompletion("chatcmpl-2", "subj-2");
        sandbox.seedOpenAiChatCompletion("chatcmpl-3", "subj-1");

        Http.Response r = Http.get(base + "/chat/completions?metadata%5Bsubject%5D=subj-1", "Authorization", TOKEN);
        assertEquals(200, r.status());
        assertEquals("list", r.json().get("object"));
        assertEquals(List.of("chatcmpl-1", "chatcmpl-3"), StripeContractTest.ids(r.list("data")));
        assertEquals(Map.of("subject", "subj-1"), r.list("data").get(0).get("metadata"));
        assertEquals(false, r.json().get("has_more"));
    }

    @Test
    void retiredAndUnknownEndpointsAre404() {
        Http.Response r = Http.get(base + "/assistants/asst_1", "Authorization", TOKEN);
        assertEquals(404, r.status());
        assertTrue(((String) r.error().get("message")).startsWith("Invalid URL"));
        assertFalse(sandbox.calls(Partner.OPENAI).isEmpty());
    }

    @Test
    void unknownKindIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> sandbox.seedOpenAiObject("thread", "thread_1"));
    }
}

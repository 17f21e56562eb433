package io.jctl.apiserver.registry.kinds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.jctl.api.errors.StatusCause;
import io.jctl.api.json.Json;
import io.jctl.apiserver.registry.ResourceType;

import java.io.UncheckedIOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs objects written as YAML through a kind's hooks the way the HTTP layer does. */
final class KindTestSupport {
    private KindTestSupport() {
    }

    static <T> T yaml(String text, Class<T> type) {
        try {
            return Json.yaml().readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** prepareForCreate, setDefaults: what is stored on create before validation. */
    static <T extends HasMetadata> T created(ResourceType<T> kind, String text) {
        T obj = yaml(text, kind.type());
        kind.prepareForCreate(obj);
        kind.setDefaults(obj);
        return obj;
    }

    static <T extends HasMetadata> List<StatusCause> createCauses(ResourceType<T> kind, String text) {
        return kind.validateObject(created(kind, text), null);
    }

    static <T extends HasMetadata> List<StatusCause> updateCauses(ResourceType<T> kind, String oldText, String newText) {
        T old = created(kind, oldText);
        T obj = yaml(newText, kind.type());
        kind.setDefaults(obj);
        return kind.validateObject(obj, old);
    }

    /** {@code field reason} per cause, the shape test tables expect. */
    static List<String> fieldsAndReasons(List<StatusCause> causes) {
        return causes.stream().map(c -> c.field() + " " + c.reason()).toList();
    }

    static void assertCauses(List<StatusCause> causes, List<String> expected) {
        assertThat(fieldsAndReasons(causes)).as("causes: %s", causes).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** Checks {@code /json/pointer=jsonValue} pairs against the object's JSON; {@code <absent>} means not set. */
    static void assertJson(Object obj, List<String> expectations) {
        JsonNode tree;
        try {
            // Re-parsed from text so numbers compare by value, not by Java type.
            tree = Json.mapper().readTree(Json.toJson(obj));
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
        for (String e : expectations) {
            int eq = e.indexOf('=');
            String pointer = e.substring(0, eq);
            if (e.substring(eq + 1).equals("<absent>")) {
                assertThat(tree.at(pointer).isMissingNode()).as("%s absent in %s", pointer, tree).isTrue();
                continue;
            }
            JsonNode expected;
            try {
                expected = Json.mapper().readTree(e.substring(eq + 1));
            } catch (JsonProcessingException ex) {
                throw new UncheckedIOException(ex);
            }
            assertThat(tree.at(pointer)).as("%s in %s", pointer, tree).isEqualTo(expected);
        }
    }
}

package io.jctl.api.selector;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldSelectorTest {
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

    @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ""                                        | ""
            metadata.name=web                         | metadata.name=web
            metadata.name==web                        | metadata.name=web
            status.phase!=Running                     | status.phase!=Running
            "spec.nodeName=n1,metadata.namespace=ns"  | metadata.namespace=ns,spec.nodeName=n1
            "a=b,,c=d,"                               | a=b,c=d
            "metadata.name="                          | metadata.name=
            "a=x\\,y\\=z\\\\"                         | "a=x\\,y\\=z\\\\"
            """)
    void parsesAndPrintsCanonically(String input, String canonical) {
        FieldSelector s = FieldSelector.parse(input);
        assertThat(s.toString()).isEqualTo(canonical);
        assertThat(FieldSelector.parse(s.toString())).isEqualTo(s);
    }

    @Test
    void unescapesValues() {
        FieldSelector s = FieldSelector.parse("a=x\\,y\\=z\\\\");
        assertThat(s.exactValue("a")).contains("x,y=z\\");
        assertThat(s.terms()).hasSize(1);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            metadata.name                 | can't split term 'metadata.name', no operator found
            "a=b,c"                       | can't split term 'c'
            "=b"                          | has no field name
            "a=b=c"                       | unescaped character '=' in value 'b=c'
            "a==b=="                      | unescaped character '=' in value 'b=='
            "a=b\\x"                      | invalid escape sequence '\\x'
            "a=b\\"                       | incomplete escape sequence
            """)
    void rejectsWithTheBadPartAndTheSyntax(String input, String detail) {
        assertThatThrownBy(() -> FieldSelector.parse(input))
                .isInstanceOf(SelectorException.class)
                .hasMessageContaining("\"" + input + "\"")
                .hasMessageContaining(detail)
                .hasMessageContaining("expected syntax");
    }

    static Stream<Arguments> matchCases() {
        return Stream.of(
                Arguments.of("", "{}", true),
                Arguments.of("metadata.name=web", "{'metadata.name':'web'}", true),
                Arguments.of("metadata.name=web", "{'metadata.name':'db'}", false),
                Arguments.of("metadata.name=", "{}", true),
                Arguments.of("status.phase!=Running", "{'status.phase':'Pending'}", true),
                Arguments.of("status.phase!=Running", "{'status.phase':'Running'}", false),
                Arguments.of("status.phase!=Running", "{}", true),
                Arguments.of("spec.nodeName=n1,status.phase!=Failed", "{'spec.nodeName':'n1','status.phase':'Running'}", true),
                Arguments.of("spec.nodeName=n1,status.phase!=Failed", "{'spec.nodeName':'n1','status.phase':'Failed'}", false),
                Arguments.of("a=x\\,y", "{'a':'x,y'}", true));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" on {1} -> {2}")
    @MethodSource("matchCases")
    void matches(String selector, String fieldsJson, boolean expected) throws Exception {
        Map<String, String> fields = JSON.readValue(fieldsJson, JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
        assertThat(FieldSelector.parse(selector).matches(fields::get)).isEqualTo(expected);
    }

    @Test
    void namesItsFieldsAndExactValues() {
        FieldSelector s = FieldSelector.parse("metadata.name=web,status.phase!=Failed,spec.nodeName=n1");
        assertThat(s.fieldNames()).containsExactly("metadata.name", "spec.nodeName", "status.phase");
        assertThat(s.exactValue("metadata.name")).contains("web");
        assertThat(s.exactValue("status.phase")).isEmpty();
        assertThat(s.exactValue("metadata.namespace")).isEmpty();
        assertThat(FieldSelector.everything().isEmpty()).isTrue();
        assertThat(FieldSelector.oneTermEqual("metadata.name", "a,b").toString()).isEqualTo("metadata.name=a\\,b");
    }
}

package io.jctl.api.selector;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.Arguments;

import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelSelectorTest {
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

    @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ""                              | ""
            "   "                           | ""
            a=b                             | a=b
            a==b                            | a==b
            a!=b                            | a!=b
            " a = b , c != d "              | a=b,c!=d
            "x in (foo,,baz),y,z notin ()"  | x in (,baz,foo),y,z notin ()
            "a in (z, y ,x)"                | a in (x,y,z)
            a notin (x)                     | a notin (x)
            a                               | a
            !a                              | !a
            "  ! a"                         | !a
            "b=1,a=2"                       | a=2,b=1
            a=                              | a=
            "a=,b"                          | a=,b
            example.com/app=web             | example.com/app=web
            in=in                           | in=in
            "a in (in,notin)"               | a in (in,notin)
            a>5                             | a>5
            a<5                             | a<5
            "env in (prod),tier notin (db,cache),!legacy,team"  | env in (prod),!legacy,team,tier notin (cache,db)
            """)
    void parsesAndPrintsCanonically(String input, String canonical) {
        LabelSelector s = LabelSelector.parse(input);
        assertThat(s.toString()).isEqualTo(canonical);
        assertThat(LabelSelector.parse(s.toString())).isEqualTo(s);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" fails naming \"{1}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "a=b=c"              | found '=' at position 3, expected ',' or end of string
            "a b"                | found 'b' at position 2 after key 'a', expected an operator
            "a in b"             | found 'b' at position 5, expected '('
            "a in (b"            | found end of string, expected ',' or ')'
            "a in (b c)"         | found 'c' at position 8, expected ',' or ')'
            "a,"                 | found end of string, expected a label key or '!' after ','
            ",a"                 | found ',' at position 0, expected '!', a label key or end of string
            "=b"                 | found '=' at position 0, expected '!', a label key
            "!a=b"               | found '=' at position 2 after '!a'
            "a=(b)"              | found '(' at position 2, expected a value
            "-a=b"               | key "-a": name part must consist of alphanumeric characters
            "Example.com/a=b"    | key "Example.com/a": prefix part a lowercase RFC 1123 subdomain
            "a/b/c"              | key "a/b/c": a qualified name must consist of
            "/a"                 | key "/a": prefix part must be non-empty
            "a/"                 | key "a/": name part must be non-empty
            "a=b c"              | found 'c' at position 4, expected ',' or end of string
            "a=-b"               | value "-b" of key "a": a valid label must be an empty string
            "a>b"                | for 'Gt', 'Lt' operators, the value must be an integer
            "a in (x),b!"        | found '!' at position 10 after key 'b', expected an operator: in, notin, =, ==, !=, >, <
            """)
    void rejectsWithTheBadPartAndTheSyntax(String input, String detail) {
        assertThatThrownBy(() -> LabelSelector.parse(input))
                .isInstanceOf(SelectorException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + input + "\"")
                .hasMessageContaining(detail)
                .hasMessageContaining("expected syntax");
    }

    @Test
    void rejectsKeysAndValuesThatAreTooLong() {
        String long64 = "a".repeat(64);
        assertThatThrownBy(() -> LabelSelector.parse(long64 + "=b")).hasMessageContaining("must be no more than 63 characters");
        assertThatThrownBy(() -> LabelSelector.parse("a=" + long64)).hasMessageContaining("must be no more than 63 characters");
        assertThat(LabelSelector.parse("a".repeat(63) + "=" + "b".repeat(63)).isEmpty()).isFalse();
    }

    static Stream<Arguments> matchCases() {
        return Stream.of(
                Arguments.of("", "{}", true),
                Arguments.of("", "{'a':'b'}", true),
                Arguments.of("a=b", "{'a':'b'}", true),
                Arguments.of("a=b", "{'a':'c'}", false),
                Arguments.of("a=b", "{}", false),
                Arguments.of("a==b", "{'a':'b','c':'d'}", true),
                Arguments.of("a!=b", "{'a':'c'}", true),
                Arguments.of("a!=b", "{}", true),
                Arguments.of("a!=b", "{'a':'b'}", false),
                Arguments.of("a in (x,y)", "{'a':'y'}", true),
                Arguments.of("a in (x,y)", "{'a':'z'}", false),
                Arguments.of("a in (x,y)", "{}", false),
                Arguments.of("a notin (x)", "{}", true),
                Arguments.of("a notin (x)", "{'a':'x'}", false),
                Arguments.of("a notin (x)", "{'a':'y'}", true),
                Arguments.of("a", "{'a':''}", true),
                Arguments.of("a", "{'b':'a'}", false),
                Arguments.of("!a", "{'b':'a'}", true),
                Arguments.of("!a", "{'a':'x'}", false),
                Arguments.of("a=", "{'a':''}", true),
                Arguments.of("a in ()", "{'a':''}", true),
                Arguments.of("a>5", "{'a':'6'}", true),
                Arguments.of("a>5", "{'a':'5'}", false),
                Arguments.of("a<5", "{'a':'x'}", false),
                Arguments.of("app=web,tier in (fe,be),!canary", "{'app':'web','tier':'fe'}", true),
                Arguments.of("app=web,tier in (fe,be),!canary", "{'app':'web','tier':'fe','canary':'1'}", false));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" on {1} -> {2}")
    @MethodSource("matchCases")
    void matches(String selector, String labelsJson, boolean expected) throws Exception {
        Map<String, String> labels = JSON.readValue(labelsJson, JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
        assertThat(LabelSelector.parse(selector).matches(labels)).isEqualTo(expected);
    }

    static Stream<Arguments> fromCases() {
        return Stream.of(
                Arguments.of("{}", ""),
                Arguments.of("{'matchLabels':{'b':'2','a':'1'}}", "a=1,b=2"),
                Arguments.of("{'matchLabels':{'app':'web'},'matchExpressions':[{'key':'tier','operator':'In','values':['fe','be']},"
                        + "{'key':'env','operator':'NotIn','values':['dev']},{'key':'x','operator':'Exists'},"
                        + "{'key':'y','operator':'DoesNotExist'}]}", "app=web,env notin (dev),tier in (be,fe),x,!y"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> \"{1}\"")
    @MethodSource("fromCases")
    void convertsMetav1SelectorsToTheScaleStatusForm(String json, String expected) throws Exception {
        io.fabric8.kubernetes.api.model.LabelSelector model = JSON.readValue(json, io.fabric8.kubernetes.api.model.LabelSelector.class);
        LabelSelector s = LabelSelector.from(model);
        assertThat(s.toString()).isEqualTo(expected);
        assertThat(LabelSelector.format(model)).isEqualTo(expected.isEmpty() ? "<none>" : expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "{'matchExpressions':[{'key':'a','operator':'Equals','values':['x']}]}" | is not a valid label selector operator
            "{'matchExpressions':[{'key':'a','operator':'In','values':[]}]}"        | values set can't be empty
            "{'matchExpressions':[{'key':'a','operator':'Exists','values':['x']}]}" | values set must be empty
            "{'matchLabels':{'a b':'x'}}"                                           | key "a b"
            """)
    void rejectsInvalidMetav1Selectors(String json, String detail) throws Exception {
        io.fabric8.kubernetes.api.model.LabelSelector model = JSON.readValue(json, io.fabric8.kubernetes.api.model.LabelSelector.class);
        assertThatThrownBy(() -> LabelSelector.from(model)).isInstanceOf(SelectorException.class).hasMessageContaining(detail);
        assertThat(LabelSelector.format(model)).isEqualTo("<error>");
    }

    @Test
    void nullSelectsNothingAndEmptySelectsEverything() {
        assertThat(LabelSelector.from(null).matches(Map.of())).isFalse();
        assertThat(LabelSelector.from(null).isEmpty()).isFalse();
        assertThat(LabelSelector.from(new LabelSelectorBuilder().build()).isEmpty()).isTrue();
        assertThat(LabelSelector.everything().matches(Map.of("a", "b"))).isTrue();
        assertThat(LabelSelector.parse("")).isEqualTo(LabelSelector.everything());
    }

    @Test
    void equalSelectorsAreEqualWhateverTheirSpelling() {
        LabelSelector a = LabelSelector.parse("b in (y,x), a=1");
        LabelSelector b = LabelSelector.parse("a=1,b in (x,y,x)");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(LabelSelector.parse("a==1,b in (x,y)"));
        assertThat(LabelSelector.fromLabels(Map.of("b", "2", "a", "1"))).isEqualTo(LabelSelector.parse("a=1,b=2"));
    }

    @Test
    void exactMatchIsFoundForEqualityAndSingleValueIn() {
        assertThat(LabelSelector.parse("a=1,b in (x),c in (x,y),d!=1").requiresExactMatch("a")).contains("1");
        assertThat(LabelSelector.parse("b in (x)").requiresExactMatch("b")).contains("x");
        assertThat(LabelSelector.parse("c in (x,y)").requiresExactMatch("c")).isEmpty();
        assertThat(LabelSelector.parse("d!=1").requiresExactMatch("d")).isEmpty();
        assertThat(LabelSelector.parse("a=1").requiresExactMatch("z")).isEmpty();
    }
}

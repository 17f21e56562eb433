package io.jctl.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.jctl.api.patch.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;

class JsonMergePatchTest {
    /** RFC 7386 appendix A, then the example of its section 3. */
    @ParameterizedTest(name = "[{index}] {0} + {1} = {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            {'a':'b'}                     | {'a':'c'}                        | {'a':'c'}
            {'a':'b'}                     | {'b':'c'}                        | {'a':'b','b':'c'}
            {'a':'b'}                     | {'a':null}                       | {}
            {'a':'b','b':'c'}             | {'a':null}                       | {'b':'c'}
            {'a':['b']}                   | {'a':'c'}                        | {'a':'c'}
            {'a':'c'}                     | {'a':['b']}                      | {'a':['b']}
            {'a':{'b':'c'}}               | {'a':{'b':'d','c':null}}         | {'a':{'b':'d'}}
            {'a':[{'b':'c'}]}             | {'a':[1]}                        | {'a':[1]}
            ['a','b']                     | ['c','d']                        | ['c','d']
            {'a':'b'}                     | ['c']                            | ['c']
            {'a':'foo'}                   | null                             | null
            {'a':'foo'}                   | 'bar'                            | 'bar'
            {'e':null}                    | {'a':1}                          | {'e':null,'a':1}
            [1,2]                         | {'a':'b','c':null}               | {'a':'b'}
            {}                            | {'a':{'bb':{'ccc':null}}}        | {'a':{'bb':{}}}
            "{'title':'Goodbye!','author':{'givenName':'John','familyName':'Doe'},'tags':['example','sample'],'content':'This will be unchanged'}" | "{'title':'Hello!','phoneNumber':'+01-123-456-7890','author':{'familyName':null},'tags':['example']}" | "{'title':'Hello!','author':{'givenName':'John'},'tags':['example'],'content':'This will be unchanged','phoneNumber':'+01-123-456-7890'}"
            """)
    void appliesTheRfcExamples(String target, String patch, String expected) {
        JsonNode t = json(target);
        JsonNode p = json(patch);
        String before = t.toString() + p;
        assertThat(JsonMergePatch.apply(t, p)).isEqualTo(json(expected));
        assertThat(t.toString() + p).as("inputs are not changed").isEqualTo(before);
    }

    @ParameterizedTest(name = "[{index}] diff {0} -> {1} = {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            {'a':'b'}                         | {'a':'b'}                          | {}
            {'a':'b'}                         | {'a':'c'}                          | {'a':'c'}
            {'a':'b','b':'c'}                 | {'b':'c'}                          | {'a':null}
            {'a':{'x':1,'y':2}}               | {'a':{'x':1,'z':3}}                | {'a':{'y':null,'z':3}}
            {'a':[1,2]}                       | {'a':[1,2,3]}                      | {'a':[1,2,3]}
            {'a':{'x':1}}                     | {'a':'s'}                          | {'a':'s'}
            {'spec':{'replicas':1,'paused':true}} | {'spec':{'replicas':3,'paused':true}} | {'spec':{'replicas':3}}
            {'a':1}                           | {'a':1.0}                          | {}
            ['a']                             | ['b']                              | ['b']
            """)
    void createsPatchesThatApplyBack(String original, String modified, String expected) {
        JsonNode patch = JsonMergePatch.diff(json(original), json(modified));
        assertThat(patch).isEqualTo(json(expected));
        JsonNode applied = JsonMergePatch.apply(json(original), patch);
        assertThat(JsonMergePatch.diff(applied, json(modified))).isIn(json("{}"), json(modified));
    }

    @Test
    void aMissingTargetIsTreatedAsNull() {
        assertThat(JsonMergePatch.apply(null, json("{'a':{'b':null,'c':1}}"))).isEqualTo(json("{'a':{'c':1}}"));
    }
}

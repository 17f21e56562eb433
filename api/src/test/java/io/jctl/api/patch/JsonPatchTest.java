package io.jctl.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.jctl.api.patch.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonPatchTest {
    /** RFC 6902 appendix A (A.13, duplicate members, is a JSON parsing matter and not covered), then more. */
    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            {'foo':'bar'}                  | [{'op':'add','path':'/baz','value':'qux'}]          | {'baz':'qux','foo':'bar'}
            {'foo':['bar','baz']}          | [{'op':'add','path':'/foo/1','value':'qux'}]        | {'foo':['bar','qux','baz']}
            {'baz':'qux','foo':'bar'}      | [{'op':'remove','path':'/baz'}]                     | {'foo':'bar'}
            {'foo':['bar','qux','baz']}    | [{'op':'remove','path':'/foo/1'}]                   | {'foo':['bar','baz']}
            {'baz':'qux','foo':'bar'}      | [{'op':'replace','path':'/baz','value':'boo'}]      | {'baz':'boo','foo':'bar'}
            "{'foo':{'bar':'baz','waldo':'fred'},'qux':{'corge':'grault'}}" | "[{'op':'move','from':'/foo/waldo','path':'/qux/thud'}]" | "{'foo':{'bar':'baz'},'qux':{'corge':'grault','thud':'fred'}}"
            {'foo':['all','grass','cows','eat']} | [{'op':'move','from':'/foo/1','path':'/foo/3'}] | {'foo':['all','cows','eat','grass']}
            {'baz':'qux','foo':['a',2,'c']} | "[{'op':'test','path':'/baz','value':'qux'},{'op':'test','path':'/foo/1','value':2}]" | {'baz':'qux','foo':['a',2,'c']}
            {'foo':'bar'}                  | [{'op':'add','path':'/child','value':{'grandchild':{}}}] | {'foo':'bar','child':{'grandchild':{}}}
            {'foo':'bar'}                  | [{'op':'add','path':'/baz','value':'qux','xyz':123}] | {'foo':'bar','baz':'qux'}
            {'/':9,'~1':10}                | [{'op':'test','path':'/~01','value':10}]            | {'/':9,'~1':10}
            {'foo':['bar']}                | [{'op':'add','path':'/foo/-','value':['abc','def']}] | {'foo':['bar',['abc','def']]}
            {'a':{'b':1}}                  | [{'op':'copy','from':'/a','path':'/c'},{'op':'add','path':'/c/d','value':2}] | {'a':{'b':1},'c':{'b':1,'d':2}}
            {'a':1}                        | [{'op':'replace','path':'','value':{'b':2}}]        | {'b':2}
            {'a':[1,2]}                    | [{'op':'add','path':'/a/2','value':3}]              | {'a':[1,2,3]}
            {'a':1}                        | [{'op':'test','path':'/a','value':1.0}]             | {'a':1}
            {'a':{'b':null}}               | [{'op':'test','path':'/a/b','value':null},{'op':'remove','path':'/a/b'}] | {'a':{}}
            {'a':1}                        | [{'op':'move','from':'/a','path':'/a'}]             | {'a':1}
            {'a/b':{'m~n':1}}              | [{'op':'replace','path':'/a~1b/m~0n','value':2}]    | {'a/b':{'m~n':2}}
            "{'spec':{'template':{'x':1}},'metadata':{'annotations':{'a':'1'}}}" | "[{'op':'replace','path':'/spec/template','value':{'x':2}},{'op':'replace','path':'/metadata/annotations','value':{}}]" | "{'spec':{'template':{'x':2}},'metadata':{'annotations':{}}}"
            """)
    void applies(String target, String patch, String expected) {
        JsonNode t = json(target);
        String before = t.toString();
        assertThat(JsonPatch.apply(t, json(patch))).isEqualTo(json(expected));
        assertThat(t.toString()).as("target is not changed").isEqualTo(before);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            {'baz':'qux'}            | [{'op':'test','path':'/baz','value':'bar'}]          | operation 0 (test): test failed: value at "/baz" is "qux", expected "bar"
            {'foo':'bar'}            | [{'op':'add','path':'/baz/bat','value':'qux'}]       | operation 0 (add): path "/baz" does not exist
            {'/':9,'~1':10}          | [{'op':'test','path':'/~01','value':'10'}]           | test failed
            {'a':1}                  | [{'op':'remove','path':'/b'}]                        | operation 0 (remove): path "/b" does not exist
            {'a':1}                  | [{'op':'replace','path':'/b','value':2}]             | operation 0 (replace): path "/b" does not exist
            {'a':[1]}                | [{'op':'add','path':'/a/2','value':2}]               | "2" in "/a/2" is not a valid index into an array of 1
            {'a':[1]}                | [{'op':'add','path':'/a/01','value':2}]              | "01" in "/a/01" is not a valid index
            {'a':[1]}                | [{'op':'remove','path':'/a/-'}]                      | path "/a/-" does not exist
            {'a':{}}                 | [{'op':'move','from':'/a','path':'/a/b'}]            | cannot move "/a" into its own child "/a/b"
            {'a':1}                  | [{'op':'copy','from':'/x','path':'/b'}]              | operation 0 (copy): path "/x" does not exist
            {'a':1}                  | [{'op':'add','path':'/b'}]                           | operation 0 (add): "value" is required
            {'a':1}                  | [{'op':'move','path':'/b'}]                          | operation 0 (move): "from" is required
            {'a':1}                  | [{'path':'/b'}]                                      | operation 0: "op" is required
            {'a':1}                  | [{'op':'frobnicate','path':'/b'}]                    | unknown op "frobnicate"
            {'a':1}                  | [{'op':'add','path':'b','value':1}]                  | JSON pointer "b" must be empty or start with '/'
            {'a':1}                  | [{'op':'add','path':'/~2','value':1}]                | has '~' not followed by 0 or 1
            {'a':1}                  | {'op':'add'}                                         | a JSON patch must be an array
            {'a':'s'}                | [{'op':'add','path':'/a/b','value':1}]               | "/a" is a string, not an object or array
            {'a':1}                  | [{'op':'add','path':'/b','value':1},{'op':'test','path':'/b','value':2}] | operation 1 (test)
            """)
    void rejects(String target, String patch, String message) {
        assertThatThrownBy(() -> JsonPatch.apply(json(target), json(patch)))
                .isInstanceOf(PatchException.class)
                .hasMessageContaining(message);
    }
}

package io.jctl.api.patch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.jctl.api.patch.TestJson.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The expected results of the apply and three-way tables were produced by kubectl 1.32
 * ({@code kubectl patch --local --type strategic}, and {@code kubectl apply} against a stub
 * server that recorded the patch, with the last-applied annotation left out), list order included.
 */
class StrategicMergePatchTest {
    static Stream<Arguments> applyCases() {
        return Stream.of(
                Arguments.of("containers merge by name", "Deployment",
                        "{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'a:1'},{'name':'b','image':'b:1'}]}}}}",
                        "{'spec':{'template':{'spec':{'containers':[{'name':'b','image':'b:2'},{'name':'c','image':'c:1'}]}}}}",
                        "{'spec':{'template':{'spec':{'containers':[{'image':'a:1','name':'a'},{'image':'b:2','name':'b'},{'image':'c:1','name':'c'}]}}}}"),
                Arguments.of("env merges by name", "Pod",
                        "{'spec':{'containers':[{'name':'a','image':'x','env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]}]}}",
                        "{'spec':{'containers':[{'name':'a','env':[{'name':'B','value':'3'},{'name':'C','value':'4'}]}]}}",
                        "{'spec':{'containers':[{'env':[{'name':'A','value':'1'},{'name':'B','value':'3'},{'name':'C','value':'4'}],'image':'x','name':'a'}]}}"),
                Arguments.of("container ports merge by containerPort", "Pod",
                        "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'name':'http'},{'containerPort':443}]}]}}",
                        "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':8080},{'containerPort':80,'name':'web'}]}]}}",
                        "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':8080},{'containerPort':80,'name':'web'},{'containerPort':443}]}]}}"),
                Arguments.of("service ports merge by port", "Service",
                        "{'spec':{'ports':[{'port':80,'targetPort':8080},{'port':443}]}}",
                        "{'spec':{'ports':[{'port':80,'targetPort':9090},{'port':53,'protocol':'UDP'}]}}",
                        "{'spec':{'ports':[{'port':80,'targetPort':9090},{'port':53,'protocol':'UDP'},{'port':443}]}}"),
                Arguments.of("volumes and volumeMounts merge by name and mountPath", "Pod",
                        "{'spec':{'volumes':[{'name':'v','emptyDir':{}}],'containers':[{'name':'a','volumeMounts':[{'name':'v','mountPath':'/a'},{'name':'w','mountPath':'/b'}]}]}}",
                        "{'spec':{'volumes':[{'name':'w','configMap':{'name':'c'}}],'containers':[{'name':'a','volumeMounts':[{'name':'z','mountPath':'/a'}]}]}}",
                        "{'spec':{'containers':[{'name':'a','volumeMounts':[{'mountPath':'/a','name':'z'},{'mountPath':'/b','name':'w'}]}],'volumes':[{'configMap':{'name':'c'},'name':'w'},{'emptyDir':{},'name':'v'}]}}"),
                Arguments.of("imagePullSecrets, hostAliases, initContainers merge", "Deployment",
                        "{'spec':{'template':{'spec':{'initContainers':[{'name':'i','image':'x'}],'imagePullSecrets':[{'name':'s1'}],'hostAliases':[{'ip':'1.1.1.1','hostnames':['a']}]}}}}",
                        "{'spec':{'template':{'spec':{'initContainers':[{'name':'j','image':'y'}],'imagePullSecrets':[{'name':'s2'}],'hostAliases':[{'ip':'1.1.1.1','hostnames':['b']}]}}}}",
                        "{'spec':{'template':{'spec':{'hostAliases':[{'hostnames':['b'],'ip':'1.1.1.1'}],'imagePullSecrets':[{'name':'s2'},{'name':'s1'}],'initContainers':[{'image':'y','name':'j'},{'image':'x','name':'i'}]}}}}"),
                Arguments.of("ownerReferences merge by uid", "Pod",
                        "{'metadata':{'ownerReferences':[{'kind':'X','name':'x','uid':'1'}]}}",
                        "{'metadata':{'ownerReferences':[{'kind':'Y','name':'y','uid':'2'},{'uid':'1','name':'x2'}]}}",
                        "{'metadata':{'ownerReferences':[{'kind':'Y','name':'y','uid':'2'},{'kind':'X','name':'x2','uid':'1'}]}}"),
                Arguments.of("status conditions merge by type", "Deployment",
                        "{'status':{'conditions':[{'type':'Available','status':'False'},{'type':'Progressing','status':'True'}]}}",
                        "{'status':{'conditions':[{'type':'Available','status':'True'}]}}",
                        "{'status':{'conditions':[{'status':'True','type':'Available'},{'status':'True','type':'Progressing'}]}}"),
                Arguments.of("$patch delete removes a list element", "Pod",
                        "{'spec':{'containers':[{'name':'a','env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]},{'name':'b'}]}}",
                        "{'spec':{'containers':[{'name':'a','env':[{'name':'B','$patch':'delete'}]},{'name':'b','$patch':'delete'}]}}",
                        "{'spec':{'containers':[{'env':[{'name':'A','value':'1'}],'name':'a'}]}}"),
                Arguments.of("$patch replace on a list", "Pod",
                        "{'spec':{'containers':[{'name':'a','image':'x'},{'name':'b','image':'y'}]}}",
                        "{'spec':{'containers':[{'name':'c','image':'z'},{'$patch':'replace'}]}}",
                        "{'spec':{'containers':[{'image':'z','name':'c'}]}}"),
                Arguments.of("$patch replace on a map", "Pod",
                        "{'metadata':{'labels':{'a':'1','b':'2'}}}",
                        "{'metadata':{'labels':{'c':'3','$patch':'replace'}}}",
                        "{'metadata':{'labels':{'c':'3'}}}"),
                Arguments.of("$patch delete on a map", "Pod",
                        "{'metadata':{'labels':{'a':'1','b':'2'},'annotations':{'x':'y'}}}",
                        "{'metadata':{'labels':{'$patch':'delete'}}}",
                        "{'metadata':{'annotations':{'x':'y'},'labels':{}}}"),
                Arguments.of("$setElementOrder reorders", "Deployment",
                        "{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'x'},{'name':'b','image':'y'},{'name':'c','image':'z'}]}}}}",
                        "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'c'},{'name':'a'},{'name':'b'}],'containers':[{'name':'a','image':'x2'}]}}}}",
                        "{'spec':{'template':{'spec':{'containers':[{'image':'z','name':'c'},{'image':'x2','name':'a'},{'image':'y','name':'b'}]}}}}"),
                Arguments.of("$setElementOrder keeps server-only elements in place", "Deployment",
                        "{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'x'},{'name':'s','image':'y'},{'name':'c','image':'z'}]}}}}",
                        "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'c'},{'name':'d'},{'name':'a'}],'containers':[{'name':'d','image':'new'}]}}}}",
                        "{'spec':{'template':{'spec':{'containers':[{'image':'y','name':'s'},{'image':'z','name':'c'},{'image':'new','name':'d'},{'image':'x','name':'a'}]}}}}"),
                Arguments.of("$setElementOrder on a primitive list", "Pod",
                        "{'metadata':{'finalizers':['a','b','c']}}",
                        "{'metadata':{'$setElementOrder/finalizers':['c','b','a']}}",
                        "{'metadata':{'finalizers':['c','b','a']}}"),
                Arguments.of("$retainKeys clears other fields", "Deployment",
                        "{'spec':{'replicas':2,'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}",
                        "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}",
                        "{'spec':{'replicas':2,'strategy':{'type':'Recreate'}}}"),
                Arguments.of("$retainKeys in a volume", "Pod",
                        "{'spec':{'volumes':[{'name':'v','emptyDir':{}}]}}",
                        "{'spec':{'volumes':[{'name':'v','$retainKeys':['hostPath','name'],'hostPath':{'path':'/x'}}]}}",
                        "{'spec':{'volumes':[{'hostPath':{'path':'/x'},'name':'v'}]}}"),
                Arguments.of("$deleteFromPrimitiveList with additions", "Pod",
                        "{'metadata':{'finalizers':['a','b','c']}}",
                        "{'metadata':{'$deleteFromPrimitiveList/finalizers':['b'],'finalizers':['d']}}",
                        "{'metadata':{'finalizers':['d','a','c']}}"),
                Arguments.of("finalizers merge as a set", "Pod",
                        "{'metadata':{'finalizers':['a','b']}}",
                        "{'metadata':{'finalizers':['b','c','c']}}",
                        "{'metadata':{'finalizers':['a','b','c']}}"),
                Arguments.of("null deletes fields at every level", "Pod",
                        "{'metadata':{'labels':{'a':'1','b':'2'}},'spec':{'nodeName':'n','containers':[{'name':'a','image':'x','args':['1']}]}}",
                        "{'metadata':{'labels':{'a':null}},'spec':{'nodeName':null,'containers':[{'name':'a','args':null}]}}",
                        "{'metadata':{'labels':{'b':'2'}},'spec':{'containers':[{'image':'x','name':'a'}]}}"),
                Arguments.of("null for a missing field is dropped", "Pod",
                        "{'metadata':{'labels':{'a':'1'}}}",
                        "{'metadata':{'labels':{'b':null},'annotations':{'x':'1','y':null}}}",
                        "{'metadata':{'annotations':{'x':'1'},'labels':{'a':'1'}}}"),
                Arguments.of("args, command and tolerations are replaced", "Pod",
                        "{'spec':{'tolerations':[{'key':'k','operator':'Exists'}],'containers':[{'name':'a','args':['1','2'],'command':['sh']}]}}",
                        "{'spec':{'tolerations':[{'key':'j','operator':'Exists'}],'containers':[{'name':'a','args':['3']}]}}",
                        "{'spec':{'containers':[{'args':['3'],'command':['sh'],'name':'a'}],'tolerations':[{'key':'j','operator':'Exists'}]}}"),
                Arguments.of("a changed type replaces", "Pod",
                        "{'metadata':{'labels':{'a':'1'}},'spec':{'containers':[{'name':'a','image':'x'}]}}",
                        "{'metadata':{'labels':'oops'},'spec':{'containers':{'name':'a'}}}",
                        "{'metadata':{'labels':'oops'},'spec':{'containers':{'name':'a'}}}"),
                Arguments.of("maps merge recursively", "Deployment",
                        "{'spec':{'replicas':1,'template':{'metadata':{'labels':{'app':'a'},'annotations':{'x':'1'}}}}}",
                        "{'spec':{'replicas':3,'template':{'metadata':{'annotations':{'y':'2'}}}}}",
                        "{'spec':{'replicas':3,'template':{'metadata':{'annotations':{'x':'1','y':'2'},'labels':{'app':'a'}}}}}"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("applyCases")
    void appliesAsKubernetesDoes(String name, String kind, String original, String patch, String expected) {
        ObjectNode o = object(original);
        ObjectNode p = object(patch);
        String before = o.toString() + p;
        ObjectNode result = StrategicMergePatch.apply(o, p, kind);
        assertThat(canonical(result)).isEqualTo(canonical(object(expected)));
        assertThat(o.toString() + p).as("inputs are not changed").isEqualTo(before);
    }

    @Test
    void aKindWithoutAPodSpecStillMergesMetadataAndReplacesOtherLists() {
        ObjectNode result = StrategicMergePatch.apply(
                object("{'metadata':{'finalizers':['a']},'spec':{'containers':[{'name':'a','image':'x'}],'ports':[{'port':1}]}}"),
                object("{'metadata':{'finalizers':['b']},'spec':{'containers':[{'name':'b'}],'ports':[{'port':2}]}}"),
                "Widget");
        assertThat(result).isEqualTo(object(
                "{'metadata':{'finalizers':['b','a']},'spec':{'containers':[{'name':'b'}],'ports':[{'port':2}]}}"));
    }

    @Test
    void mergeDirectiveIsTheDefault() {
        ObjectNode result = StrategicMergePatch.apply(
                object("{'metadata':{'labels':{'a':'1'}},'spec':{'containers':[{'name':'a','image':'x'}]}}"),
                object("{'metadata':{'labels':{'$patch':'merge','b':'2'}},'spec':{'containers':[{'name':'a','image':'y','$patch':'merge'}]}}"),
                "Pod");
        assertThat(result).isEqualTo(object("{'metadata':{'labels':{'a':'1','b':'2'}},'spec':{'containers':[{'name':'a','image':'y'}]}}"));
    }

    @Test
    void deletingFromAMissingPrimitiveListIsANoOp() {
        ObjectNode result = StrategicMergePatch.apply(object("{'metadata':{'name':'x'}}"),
                object("{'metadata':{'$deleteFromPrimitiveList/finalizers':['a']}}"), "Pod");
        assertThat(result).isEqualTo(object("{'metadata':{'name':'x'}}"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "{'spec':{'containers':[{'name':'a'}]}}"   | "{'spec':{'containers':[{'image':'x'}]}}"                       | does not contain its merge key "name"
            "{'spec':{'containers':[{'name':'a'}]}}"   | "{'spec':{'containers':[{'$patch':'delete'}]}}"                 | has no merge key "name"
            "{'spec':{'containers':[{'name':'a'}]}}"   | "{'spec':{'containers':[{'name':'a','$patch':'explode'}]}}"     | unknown patch directive $patch: "explode" in list element at spec.containers
            "{'metadata':{'labels':{'a':'1'}}}"        | "{'metadata':{'labels':{'$patch':'explode'}}}"                  | unknown patch directive $patch: "explode" in map at metadata.labels
            "{'spec':{'containers':[{'name':'a'}]}}"   | "{'spec':{'containers':['a']}}"                                 | list elements at spec.containers are not all of one type (object and string)
            "{'metadata':{'finalizers':['a']}}"        | "{'metadata':{'finalizers':[['b']]}}"                          | cannot merge lists of lists at metadata.finalizers
            "{'spec':{'strategy':{'type':'A'}}}"       | "{'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':{}}}}" | field "rollingUpdate" is set but missing from $retainKeys
            "{'spec':{'strategy':{'type':'A'}}}"       | "{'spec':{'strategy':{'$retainKeys':'type'}}}"                  | $retainKeys must be a list
            "{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}" | "{'spec':{'$setElementOrder/containers':[{'name':'a'}],'containers':[{'name':'b'}]}}" | doesn't match the $setElementOrder list
            "{'spec':{'containers':[{'name':'a'}]}}"   | "{'spec':{'$setElementOrder/containers':{'name':'a'}}}"         | $setElementOrder/containers must be a list
            "{'spec':{'containers':[{'name':'a'}]}}"   | "{'spec':{'$setElementOrder':[]}}"                               | must have the form $setElementOrder/<list field>
            """)
    void rejectsBadPatchesSayingWhere(String original, String patch, String message) {
        assertThatThrownBy(() -> StrategicMergePatch.apply(object(original), object(patch), kindFor(patch)))
                .isInstanceOf(PatchException.class)
                .hasMessageContaining(message);
    }

    private static String kindFor(String patch) {
        return patch.contains("strategy") ? "Deployment" : "Pod";
    }

    static Stream<Arguments> threeWayCases() {
        return Stream.of(
                Arguments.of("a field removed from the file is removed", "Deployment",
                        "{'metadata':{'labels':{'x':'1','y':'2'}},'spec':{'replicas':2,'template':{'spec':{'containers':[{'name':'a','image':'x','args':['1']}]}}}}",
                        "{'metadata':{'labels':{'x':'1'}},'spec':{'template':{'spec':{'containers':[{'name':'a','image':'x'}]}}}}",
                        "{'metadata':{'labels':{'x':'1','y':'2'}},'spec':{'replicas':2,'template':{'spec':{'containers':[{'name':'a','image':'x','args':['1']}]}}}}",
                        "{'metadata':{'labels':{'y':null}},'spec':{'replicas':null,'template':{'spec':{'$setElementOrder/containers':[{'name':'a'}],'containers':[{'args':null,'name':'a'}]}}}}"),
                Arguments.of("a field set by someone else stays", "Deployment",
                        "{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'x'}]}}}}",
                        "{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'x2'}]}}}}",
                        "{'metadata':{'labels':{'other':'1'}},'spec':{'replicas':5,'template':{'spec':{'containers':[{'name':'a','image':'x','imagePullPolicy':'Always'}]}}}}",
                        "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'a'}],'containers':[{'image':'x2','name':'a'}]}}}}"),
                Arguments.of("a new container is added", "Deployment",
                        "{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'x'}]}}}}",
                        "{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'x'},{'name':'b','image':'y'}]}}}}",
                        "{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'x'}]}}}}",
                        "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'a'},{'name':'b'}],'containers':[{'image':'y','name':'b'}]}}}}"),
                Arguments.of("a container removed and the rest reordered", "Deployment",
                        "{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'x'},{'name':'b','image':'y'},{'name':'c','image':'z'}]}}}}",
                        "{'spec':{'template':{'spec':{'containers':[{'name':'c','image':'z'},{'name':'a','image':'x'}]}}}}",
                        "{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'x'},{'name':'b','image':'y'},{'name':'c','image':'z'}]}}}}",
                        "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'c'},{'name':'a'}],'containers':[{'$patch':'delete','name':'b'}]}}}}"),
                Arguments.of("env changed while someone added a variable", "Deployment",
                        "{'spec':{'template':{'spec':{'containers':[{'name':'a','env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]}]}}}}",
                        "{'spec':{'template':{'spec':{'containers':[{'name':'a','env':[{'name':'B','value':'3'},{'name':'C','value':'4'}]}]}}}}",
                        "{'spec':{'template':{'spec':{'containers':[{'name':'a','env':[{'name':'A','value':'1'},{'name':'B','value':'2'},{'name':'Z','value':'z'}]}]}}}}",
                        "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'a'}],'containers':[{'$setElementOrder/env':[{'name':'B'},{'name':'C'}],'env':[{'name':'B','value':'3'},{'name':'C','value':'4'},{'$patch':'delete','name':'A'}],'name':'a'}]}}}}"),
                Arguments.of("finalizers: deletions and additions", "Pod",
                        "{'metadata':{'finalizers':['a','b']}}",
                        "{'metadata':{'finalizers':['b','c']}}",
                        "{'metadata':{'finalizers':['a','b','o']}}",
                        "{'metadata':{'$deleteFromPrimitiveList/finalizers':['a'],'$setElementOrder/finalizers':['b','c'],'finalizers':['c']}}"),
                Arguments.of("strategy type change builds $retainKeys", "Deployment",
                        "{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}",
                        "{'spec':{'strategy':{'type':'Recreate'}}}",
                        "{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1,'maxUnavailable':0}}}}",
                        "{'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':null,'type':'Recreate'}}}"),
                Arguments.of("volume source change builds $retainKeys", "Pod",
                        "{'spec':{'volumes':[{'name':'v','emptyDir':{}}]}}",
                        "{'spec':{'volumes':[{'name':'v','hostPath':{'path':'/x'}}]}}",
                        "{'spec':{'volumes':[{'name':'v','emptyDir':{}}]}}",
                        "{'spec':{'$setElementOrder/volumes':[{'name':'v'}],'volumes':[{'$retainKeys':['hostPath','name'],'emptyDir':null,'hostPath':{'path':'/x'},'name':'v'}]}}"),
                Arguments.of("container ports by containerPort", "Deployment",
                        "{'spec':{'template':{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80},{'containerPort':81}]}]}}}}",
                        "{'spec':{'template':{'spec':{'containers':[{'name':'a','ports':[{'containerPort':81,'name':'m'},{'containerPort':82}]}]}}}}",
                        "{'spec':{'template':{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80},{'containerPort':81}]}]}}}}",
                        "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'a'}],'containers':[{'$setElementOrder/ports':[{'containerPort':81},{'containerPort':82}],'name':'a','ports':[{'containerPort':81,'name':'m'},{'containerPort':82},{'$patch':'delete','containerPort':80}]}]}}}}"),
                Arguments.of("args shrink and tolerations removed", "Pod",
                        "{'spec':{'tolerations':[{'key':'k','operator':'Exists'}],'containers':[{'name':'a','args':['1','2']}]}}",
                        "{'spec':{'containers':[{'name':'a','args':['2']}]}}",
                        "{'spec':{'tolerations':[{'key':'k','operator':'Exists'}],'containers':[{'name':'a','args':['1','2']}]}}",
                        "{'spec':{'$setElementOrder/containers':[{'name':'a'}],'containers':[{'args':['2'],'name':'a'}],'tolerations':null}}"),
                Arguments.of("service port removed", "Service",
                        "{'spec':{'ports':[{'port':80},{'port':443}]}}",
                        "{'spec':{'ports':[{'port':443,'name':'tls'}]}}",
                        "{'spec':{'clusterIP':'10.0.0.1','ports':[{'port':80},{'port':443}]}}",
                        "{'spec':{'$setElementOrder/ports':[{'port':443}],'ports':[{'name':'tls','port':443},{'$patch':'delete','port':80}]}}"),
                Arguments.of("nothing changed in the file", "Deployment",
                        "{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'x'}]}}}}",
                        "{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'x'}]}}}}",
                        "{'spec':{'replicas':3,'template':{'spec':{'containers':[{'name':'a','image':'x'}]}}}}",
                        "{}"),
                Arguments.of("first apply over an object created otherwise", "Deployment",
                        "{}",
                        "{'spec':{'replicas':2,'template':{'spec':{'containers':[{'name':'a','image':'x'}]}}}}",
                        "{'spec':{'replicas':1,'paused':true,'template':{'spec':{'containers':[{'name':'a','image':'old'}]}}}}",
                        "{'spec':{'replicas':2,'template':{'spec':{'$setElementOrder/containers':[{'name':'a'}],'containers':[{'image':'x','name':'a'}]}}}}"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("threeWayCases")
    void createsTheThreeWayPatchKubectlApplySends(String name, String kind, String original, String modified, String current,
                                                   String expected) {
        ObjectNode o = object(original);
        ObjectNode m = object(modified);
        ObjectNode c = object(current);
        String before = o.toString() + m + c;
        ObjectNode patch = StrategicMergePatch.createThreeWayPatch(o, m, c, kind);
        assertThat(canonical(patch)).isEqualTo(canonical(object(expected)));
        assertThat(o.toString() + m + c).as("inputs are not changed").isEqualTo(before);

        // Applied to the live object, the patch leaves nothing for a second apply to change.
        ObjectNode applied = StrategicMergePatch.apply(c, patch, kind);
        ObjectNode again = StrategicMergePatch.createThreeWayPatch(m, m, applied, kind);
        assertThat(canonical(StrategicMergePatch.apply(applied, again, kind))).isEqualTo(canonical(applied));
    }

    @Test
    void threeWayKeepsWhatOthersSetAndRemovesWhatTheFileDropped() {
        ObjectNode original = object("{'metadata':{'labels':{'app':'web','tier':'fe'}},'spec':{'paused':true}}");
        ObjectNode modified = object("{'metadata':{'labels':{'app':'web'}},'spec':{'paused':true}}");
        ObjectNode current = object("{'metadata':{'labels':{'app':'web','tier':'fe','owner':'ops'}},'spec':{'paused':true,'replicas':5}}");
        ObjectNode patch = StrategicMergePatch.createThreeWayPatch(original, modified, current, "Deployment");
        assertThat(patch).isEqualTo(object("{'metadata':{'labels':{'tier':null}}}"));
        assertThat(StrategicMergePatch.apply(current, patch, "Deployment"))
                .isEqualTo(object("{'metadata':{'labels':{'app':'web','owner':'ops'}},'spec':{'paused':true,'replicas':5}}"));
    }

    static Stream<Arguments> twoWayCases() {
        return Stream.of(
                Arguments.of("set image", "Deployment",
                        "{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'a:1'},{'name':'b','image':'b:1'}]}}}}",
                        "{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'a:1'},{'name':'b','image':'b:2'}]}}}}",
                        "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'a'},{'name':'b'}],'containers':[{'name':'b','image':'b:2'}]}}}}"),
                Arguments.of("rollout pause", "Deployment", "{'spec':{'replicas':1}}", "{'spec':{'replicas':1,'paused':true}}",
                        "{'spec':{'paused':true}}"),
                Arguments.of("rollout restart", "Deployment",
                        "{'spec':{'template':{'metadata':{'labels':{'app':'a'}}}}}",
                        "{'spec':{'template':{'metadata':{'labels':{'app':'a'},'annotations':{'kubectl.kubernetes.io/restartedAt':'t'}}}}}",
                        "{'spec':{'template':{'metadata':{'annotations':{'kubectl.kubernetes.io/restartedAt':'t'}}}}}"),
                Arguments.of("remove a field and a container", "Pod",
                        "{'spec':{'nodeName':'n','containers':[{'name':'a'},{'name':'b'}]}}",
                        "{'spec':{'containers':[{'name':'b'}]}}",
                        "{'spec':{'nodeName':null,'$setElementOrder/containers':[{'name':'b'}],'containers':[{'name':'a','$patch':'delete'}]}}"),
                Arguments.of("finalizer removed", "Pod", "{'metadata':{'finalizers':['a','b']}}", "{'metadata':{'finalizers':['b']}}",
                        "{'metadata':{'$setElementOrder/finalizers':['b'],'$deleteFromPrimitiveList/finalizers':['a']}}"),
                Arguments.of("containers reordered only", "Pod",
                        "{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}", "{'spec':{'containers':[{'name':'b'},{'name':'a'}]}}",
                        "{'spec':{'$setElementOrder/containers':[{'name':'b'},{'name':'a'}]}}"),
                Arguments.of("no change", "Pod", "{'spec':{'containers':[{'name':'a'}]}}", "{'spec':{'containers':[{'name':'a'}]}}", "{}"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("twoWayCases")
    void createsTwoWayPatchesThatApplyBack(String name, String kind, String original, String modified, String expected) {
        ObjectNode patch = StrategicMergePatch.createTwoWayPatch(object(original), object(modified), kind);
        assertThat(patch).isEqualTo(object(expected));
        ObjectNode applied = StrategicMergePatch.apply(object(original), patch, kind);
        assertThat(canonical(applied)).isEqualTo(canonical(object(modified)));
    }

    /** JSON with object members sorted, so that comparisons see list order but not member order. */
    static String canonical(com.fasterxml.jackson.databind.JsonNode node) {
        if (node.isObject()) {
            java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>();
            node.properties().forEach(e -> sorted.put(e.getKey(), canonical(e.getValue())));
            StringBuilder s = new StringBuilder("{");
            sorted.forEach((k, v) -> s.append(s.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
            return s.append('}').toString();
        }
        if (node.isArray()) {
            StringBuilder s = new StringBuilder("[");
            node.forEach(v -> s.append(s.length() > 1 ? "," : "").append(canonical(v)));
            return s.append(']').toString();
        }
        return node.toString();
    }
}

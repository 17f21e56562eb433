package io.jctl.cli.output;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Printing cases, each a kubectl command line against {@link KubectlStub} and the jctl call that
 * must print the same from the same {@link Fixtures}. {@link KubectlDifferentialIT} runs both
 * (and records kubectl's output as golden data); {@link PrintGoldenTest} checks jctl against the
 * recorded data without needing kubectl.
 */
final class PrintCases {
    /**
     * {@code jctl} returns what jctl prints, or throws IllegalArgumentException as jctl fails.
     * {@code deviation}, when set, says why jctl's error differs from kubectl's: then both must
     * fail, and the messages are not compared.
     */
    record Case(String name, List<String> kubectlArgs, Supplier<String> jctl, String deviation) {
        Case(String name, List<String> kubectlArgs, Supplier<String> jctl) {
            this(name, kubectlArgs, jctl, null);
        }

        Case deviating(String why) {
            return new Case(name, kubectlArgs, jctl, why);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private PrintCases() {
    }

    static List<Case> all() {
        List<Case> all = new ArrayList<>();
        all.addAll(tables());
        all.addAll(outputs());
        all.addAll(jsonPaths());
        return all;
    }

    private static TableOptions opts(boolean wide, boolean noHeaders, boolean showLabels, List<String> labels,
                                     boolean withNamespace, boolean withKind, String sortBy) {
        return new TableOptions(wide, noHeaders, showLabels, labels, withNamespace, withKind, sortBy);
    }

    private static KindTable kt(String plural, String namespace, String includeObject) {
        return new KindTable(Fixtures.resource(plural).kindPrefix(),
                Fixtures.table(plural, namespace, null, includeObject));
    }

    private static Case table(String name, String args, List<KindTable> tables, TableOptions options) {
        return new Case("table: " + name, List.of(args.split(" ")), () -> TablePrinter.render(tables, options));
    }

    static List<Case> tables() {
        TableOptions d = TableOptions.defaults();
        List<Case> c = new ArrayList<>();
        c.add(table("pods", "get pods", List.of(kt("pods", "default", null)), d));
        c.add(table("pods wide", "get pods -o wide", List.of(kt("pods", "default", null)),
                opts(true, false, false, List.of(), false, false, null)));
        c.add(table("pods no headers", "get pods --no-headers", List.of(kt("pods", "default", null)),
                opts(false, true, false, List.of(), false, false, null)));
        c.add(table("pods show labels", "get pods --show-labels", List.of(kt("pods", "default", null)),
                opts(false, false, true, List.of(), false, false, null)));
        c.add(table("pods label columns", "get pods -L app -L example.com/team",
                List.of(kt("pods", "default", null)),
                opts(false, false, false, List.of("app", "example.com/team"), false, false, null)));
        c.add(table("pods label columns and labels", "get pods -L tier --show-labels -o wide",
                List.of(kt("pods", "default", null)),
                opts(true, false, true, List.of("tier"), false, false, null)));
        c.add(table("pods all namespaces", "get pods -A", List.of(kt("pods", null, null)),
                opts(false, false, false, List.of(), true, false, null)));
        c.add(table("pods all namespaces wide labels", "get pods -A -o wide --show-labels",
                List.of(kt("pods", null, null)), opts(true, false, true, List.of(), true, false, null)));
        c.add(table("pods and deployments", "get pods,deployments",
                List.of(kt("pods", "default", null), kt("deployments", "default", null)),
                opts(false, false, false, List.of(), false, true, null)));
        c.add(table("pods and deployments no headers", "get pods,deployments --no-headers",
                List.of(kt("pods", "default", null), kt("deployments", "default", null)),
                opts(false, true, false, List.of(), false, true, null)));
        c.add(table("pods and namespaces all namespaces", "get pods,namespaces -A",
                List.of(kt("pods", null, null), kt("namespaces", null, null)),
                opts(false, false, false, List.of(), true, true, null)));
        c.add(table("deployments wide all namespaces", "get deployments -o wide -A",
                List.of(kt("deployments", null, null)), opts(true, false, false, List.of(), true, false, null)));
        c.add(table("one deployment", "get deployment web",
                List.of(new KindTable("deployment.apps", Fixtures.table("deployments", "default", "web", null))), d));
        c.add(table("two pods by name", "get pods web-9 db-0",
                List.of(new KindTable("pod", Fixtures.table("pods", "default", "web-9", null)),
                        new KindTable("pod", Fixtures.table("pods", "default", "db-0", null))), d));
        c.add(table("widgets typed cells", "get widgets", List.of(kt("widgets", "default", null)), d));
        c.add(table("widgets wide with newline escape and tab", "get widgets -o wide",
                List.of(kt("widgets", "default", null)), opts(true, false, false, List.of(), false, false, null)));
        c.add(table("sort by name", "get pods --sort-by=.metadata.name", List.of(kt("pods", "default", "Object")),
                opts(false, false, false, List.of(), false, false, ".metadata.name")));
        c.add(table("sort by restart count", "get pods --sort-by=.status.containerStatuses[0].restartCount",
                List.of(kt("pods", "default", "Object")),
                opts(false, false, false, List.of(), false, false, ".status.containerStatuses[0].restartCount")));
        c.add(table("sort by creation timestamp", "get pods -A --sort-by={.metadata.creationTimestamp}",
                List.of(kt("pods", null, "Object")),
                opts(false, false, false, List.of(), true, false, "{.metadata.creationTimestamp}")));
        c.add(table("sort by quantity", "get widgets --sort-by=spec.size", List.of(kt("widgets", "default", "Object")),
                opts(false, false, false, List.of(), false, false, "spec.size")));
        c.add(table("sort by float", "get widgets --sort-by=.spec.ratio", List.of(kt("widgets", "default", "Object")),
                opts(false, false, false, List.of(), false, false, ".spec.ratio"))
                .deviating("2.0 is an int to kubectl's sorter and ints do not compare with floats: kubectl exits "
                        + "with a Go-internal fatal log line, jctl fails with a plain message"));
        c.add(table("sort by ip natural order", "get pods --sort-by=.status.podIP",
                List.of(kt("pods", "default", "Object")),
                opts(false, false, false, List.of(), false, false, ".status.podIP")));
        return c;
    }

    /** {@code kubectl <get> -o <spec>} against {@code Output.parse(spec)}. */
    private static Case output(String name, String get, String spec, List<ObjectNode> objects, boolean single) {
        List<String> args = new ArrayList<>(List.of(get.split(" ")));
        args.add("-o");
        args.add(spec);
        return new Case("output: " + name, args, () -> Output.parse(spec).render(objects, single));
    }

    static List<Case> outputs() {
        List<ObjectNode> pods = Fixtures.objects("pods", "default", null);
        List<ObjectNode> deploys = Fixtures.objects("deployments", "default", null);
        List<ObjectNode> both = new ArrayList<>(pods);
        both.addAll(deploys);
        List<ObjectNode> web = Fixtures.objects("deployments", "default", "web");
        List<ObjectNode> gamma = Fixtures.objects("widgets", "default", "gamma");
        List<Case> c = new ArrayList<>();
        c.add(output("json list", "get deployments", "json", deploys, false));
        c.add(output("json one", "get deployment web", "json", web, true));
        c.add(output("json list of one", "get deployments -l app=web", "json",
                Fixtures.objects("deployments", "default", "web"), false));
        c.add(output("json odd values", "get widget gamma", "json", gamma, true));
        c.add(output("yaml one", "get deployment web", "yaml", web, true));
        c.add(output("yaml list", "get pods", "yaml", pods, false));
        c.add(output("yaml odd values", "get widgets", "yaml", Fixtures.objects("widgets", "default", null),
                false));
        List<ObjectNode> epsilon = Fixtures.objects("widgets", "default", "epsilon");
        c.add(output("yaml quoting folding and key order", "get widget epsilon", "yaml", epsilon, true));
        c.add(output("json quoting and key order", "get widget epsilon", "json", epsilon, true));
        c.add(output("jsonpath on odd values", "get widget epsilon",
                "jsonpath={.spec.data}{.spec.nestedList}{.spec.data.nel}{.spec.listOfMaps[0].a.c[1]}", epsilon, true));
        c.add(output("yaml namespaces", "get namespaces", "yaml", Fixtures.objects("namespaces", null, null),
                false));
        c.add(output("name", "get pods,deployments", "name", both, false));
        c.add(output("name one", "get deployment web", "name", web, true));
        c.add(output("custom columns", "get pods", "custom-columns=NAME:.metadata.name,"
                + "IMAGES:.spec.containers[*].image,IP:status.podIP,LABELS:{.metadata.labels},NOPE:.x", pods, false));
        c.add(output("custom columns values", "get widgets",
                "custom-columns=N:.metadata.name,R:.spec.replicas,F:.spec.ratio,E:.spec.enabled,T:.spec.tags,"
                        + "O:.spec.owner,B:.spec.big,NOTE:.spec.note",
                Fixtures.objects("widgets", "default", null), false));
        c.add(output("custom columns narrow", "get widgets",
                "custom-columns=X:.metadata.resourceVersion,Y:.spec.replicas",
                Fixtures.objects("widgets", "default", null), false));
        c.add(output("custom columns two kinds", "get pods,deployments",
                "custom-columns=NAME:.metadata.name,K:.kind", both, false));
        c.add(new Case("output: custom columns no headers",
                List.of("get", "pods", "-o", "custom-columns=NAME:.metadata.name", "--no-headers"),
                () -> Output.parse("custom-columns=NAME:.metadata.name").withNoHeaders(true).render(pods, false)));
        c.add(output("jsonpath on list", "get pods",
                "jsonpath={.items[*].metadata.name}", pods, false));
        c.add(output("jsonpath list metadata", "get pods",
                "jsonpath={.kind}|{.metadata}|{.apiVersion}", pods, false));
        c.add(output("jsonpath as json", "get pods",
                "jsonpath-as-json={.items[*].metadata.name}", pods, false));
        c.add(output("jsonpath as json groups", "get pod web-9",
                "jsonpath-as-json={.metadata.name}{.nope}{.metadata.labels}", Fixtures.objects("pods", "default", "web-9"),
                true));
        c.add(output("jsonpath as json range", "get pods",
                "jsonpath-as-json={range .items[*]}{.metadata.name}{end}{.kind}", pods, false));
        c.add(output("bad format", "get pods", "bogus", pods, false)
                .deviating("jctl lists only the formats it supports (no go-template, template, templatefile)"));
        c.add(output("jsonpath without template", "get pods", "jsonpath", pods, false));
        c.add(output("custom columns without spec", "get pods", "custom-columns", pods, false));
        c.add(output("custom columns bad spec", "get pods", "custom-columns=NAME", pods, false));
        c.add(output("jsonpath parse error", "get pods", "jsonpath={.items[0]", pods, false));
        return c;
    }

    /** Templates run by {@code kubectl get pod web-9 -o jsonpath=...} (missing keys allowed). */
    static final List<String> TEMPLATES = List.of(
            "{.metadata.name}",
            "{.metadata.labels}",
            "{.metadata.labels.app}",
            "{.metadata.labels.example\\.com/team}",
            "{.metadata.labels['example.com/team']}",
            "{.spec.containers}",
            "{.spec.containers[0].ports[0].containerPort}",
            "{.spec.containers[*].name}",
            "{.spec.containers[].name}",
            "{.status.conditions[-1].type}",
            "{.status.conditions[-2].type}",
            "{.status.conditions[-1:].type}",
            "{.status.conditions[0:1].type}",
            "{.status.conditions[0:2:2].type}",
            "{.status.conditions[1:1]}",
            "{.status.conditions[0,1].type}",
            "{.status.conditions[*]['type','status']}",
            "{.status.conditions[?(@.type==\"Ready\")].status}",
            "{.status.conditions[?(@.type!='Ready')].type}",
            "{.status.conditions[?(@.status)].type}",
            "{.status.containerStatuses[?(@.restartCount>1)].name}",
            "{.status.containerStatuses[?(@.restartCount<=2)].name}",
            "{.status.containerStatuses[?(@.ready==true)].name}",
            "{.status.conditions[?(@.nope==\"x\")].type}",
            "{range .status.conditions[*]}{.type}={.status}{\"\\n\"}{end}",
            "{range .status.conditions[*]}[{.type}]{end} after",
            "{range .nope[*]}x{end}{.kind}",
            "{range .status.conditions[*]}{.type},",
            "x{.metadata.name}y{\"\\t\"}z",
            "{..image}",
            "{.status.conditions.*}",
            "{.metadata.name.*}",
            "{@}",
            "{$.kind}",
            "{.kind} {.apiVersion}",
            "{.metadata.creationTimestamp}",
            "{.metadata.nope}",
            "{.metadata.name}{'\\''}",
            "{.spec.containers[0].name\t}",
            // errors
            "{.spec.containers[5]}",
            "{.spec.containers[-5]}",
            "{.status.conditions[0:5]}",
            "{.status.conditions[::-1]}",
            "{.metadata[0]}",
            "{.metadata.name[?(@.x)]}",
            "{.status.containerStatuses[?(@.restartCount>1.5)].name}",
            "{.status.containerStatuses[?(@.restartCount==\"2\")].name}",
            "{.status.conditions[?(@.type==\"Ready\"]}",
            "{.status.conditions[?(@.type=\"Ready\")].type}",
            "{.metadata.labels[\"app\"]}",
            "{.metadata.name",
            "{..*}",
            "{.a..b....c}",
            "{.items[a]}",
            "{.items[1:x]}",
            "{\"unterminated}",
            "{foo}",
            "{.kind}{end}",
            "{range .status.conditions[*]}{.type}{end}{end}",
            "{.metadata.name}{#}",
            "{1.2.3}");

    /** Templates run with {@code --allow-missing-template-keys=false}: missing keys are errors. */
    static final List<String> STRICT_TEMPLATES = List.of(
            "{.metadata.nope}",
            "{.status.conditions[*].nope}",
            "{.metadata.name}",
            "{.status.conditions[?(@.nope==\"x\")].type}",
            "{range .nope[*]}{.x}{end}");

    static List<Case> jsonPaths() {
        List<ObjectNode> pod = Fixtures.objects("pods", "default", "web-9");
        List<Case> c = new ArrayList<>();
        for (String t : TEMPLATES) {
            c.add(new Case("jsonpath: " + t, List.of("get", "pod", "web-9", "-o", "jsonpath=" + t),
                    () -> Output.parse("jsonpath=" + t).render(pod, true)));
        }
        for (String t : STRICT_TEMPLATES) {
            c.add(new Case("jsonpath strict: " + t,
                    List.of("get", "pod", "web-9", "--allow-missing-template-keys=false", "-o", "jsonpath=" + t),
                    () -> {
                        try {
                            return JsonPath.parse(t).execute(pod.get(0));
                        } catch (JsonPathException e) {
                            throw new IllegalArgumentException("error executing jsonpath " + GoText.quote(t)
                                    + ": Error executing template: " + e.getMessage(), e);
                        }
                    }));
        }
        return c;
    }
}

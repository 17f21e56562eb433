package io.jctl.cli.commands;

import io.jctl.cli.JctlHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SmokeIT {
    static JctlHarness jctl;

    @BeforeAll
    static void start() {
        jctl = JctlHarness.start();
    }

    @AfterAll
    static void stop() {
        jctl.close();
    }

    @Test
    void smoke() {
        for (String[] a : new String[][]{
                {"version"}, {"config", "get-contexts"}, {"config", "view"}, {"get", "ns"}, {"-v=6", "get", "pods"},
                {"create", "deployment", "web", "--image=nginx:1.25", "--replicas=2"},
                {"get", "deploy"}, {"get", "deploy", "web", "-o", "yaml"}, {"get", "deploy", "nope"},
                {"api-resources"}, {"get", "all"}, {"get", "po,deploy"}, {"create", "deployment", "web", "--image=nginx"},
                {"create", "configmap", "c", "--from-literal=a=b"}, {"label", "cm", "c", "x=y"}, {"get", "cm", "--show-labels"},
                {"create", "deployment", "bad", "--image=nginx", "--replicas=-1"},
                {"describe", "deploy", "web"},
                {"delete", "deploy", "web"}, {"get", "deploy"}, {"get", "foo"}}) {
            var r = jctl.run(a);
            System.out.println("$ jctl " + String.join(" ", a) + "  -> " + r.exit() + "\n" + r.out() + "[stderr]\n" + r.err());
        }
    }
}

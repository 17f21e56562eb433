package io.jctl.agent.pod;

/** Whether an exited container runs again, by the pod's restartPolicy. */
public final class RestartRules {
    private RestartRules() {
    }

    public static boolean shouldRestart(String restartPolicy, int exitCode) {
        if (restartPolicy == null || restartPolicy.isEmpty() || restartPolicy.equals("Always")) {
            return true;
        }
        return restartPolicy.equals("OnFailure") && exitCode != 0;
    }

    /** An init container that failed is retried unless the pod never restarts. */
    public static boolean shouldRetryInit(String restartPolicy, int exitCode) {
        return exitCode != 0 && !"Never".equals(restartPolicy);
    }
}

package io.jctl.api.streaming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;

import java.util.List;

/**
 * Kubernetes' remote-command stream protocol over WebSocket: each binary message starts with its
 * channel byte. v4 sends the outcome on {@link #ERROR} as a metav1.Status; v5 adds
 * {@link #CLOSE} ({@code [255, channel]}) so a client can close its stdin without closing the socket.
 */
public final class ChannelProtocol {
    public static final String V5 = "v5.channel.k8s.io";
    public static final String V4 = "v4.channel.k8s.io";
    /** The subprotocols served, most preferred first. */
    public static final List<String> SUPPORTED = List.of(V5, V4);

    public static final int STDIN = 0;
    public static final int STDOUT = 1;
    public static final int STDERR = 2;
    public static final int ERROR = 3;
    public static final int RESIZE = 4;
    public static final int CLOSE = 255;

    public static final String NON_ZERO_EXIT_CODE = "NonZeroExitCode";
    public static final String EXIT_CODE_CAUSE = "ExitCode";

    private ChannelProtocol() {
    }

    /** One message: the channel byte, then {@code len} bytes of {@code data} from {@code off}. */
    public static byte[] message(int channel, byte[] data, int off, int len) {
        byte[] m = new byte[len + 1];
        m[0] = (byte) channel;
        System.arraycopy(data, off, m, 1, len);
        return m;
    }

    public static byte[] message(int channel, byte[] data) {
        return message(channel, data, 0, data.length);
    }

    /** The v5 signal that the sender will write no more on {@code channel}. */
    public static byte[] close(int channel) {
        return new byte[]{(byte) CLOSE, (byte) channel};
    }

    /** The error-channel status for a command that exited with {@code code}, as the kubelet writes it. */
    public static ObjectNode exitStatus(int code) {
        ObjectNode s = Json.newObject();
        s.putObject("metadata");
        if (code == 0) {
            s.put("status", "Success");
            return s;
        }
        s.put("status", "Failure");
        s.put("message", "command terminated with non-zero exit code: command terminated with exit code " + code);
        s.put("reason", NON_ZERO_EXIT_CODE);
        ObjectNode cause = s.putObject("details").putArray("causes").addObject();
        cause.put("reason", EXIT_CODE_CAUSE);
        cause.put("message", Integer.toString(code));
        return s;
    }

    /** The error-channel status for a command that could not run or was cut off. */
    public static ObjectNode failureStatus(String message) {
        ObjectNode s = Json.newObject();
        s.putObject("metadata");
        s.put("status", "Failure");
        s.put("message", message);
        s.put("reason", "InternalError");
        s.put("code", 500);
        return s;
    }

    /**
     * Reads an error-channel status: the exit code it reports (0 for Success), or throws with the
     * status message when the command failed otherwise.
     */
    public static int exitCode(JsonNode status) {
        if ("Success".equals(status.path("status").asText())) {
            return 0;
        }
        if (NON_ZERO_EXIT_CODE.equals(status.path("reason").asText())) {
            for (JsonNode c : status.path("details").path("causes")) {
                if (EXIT_CODE_CAUSE.equals(c.path("reason").asText())) {
                    try {
                        return Integer.parseInt(c.path("message").asText());
                    } catch (NumberFormatException e) {
                        break;
                    }
                }
            }
        }
        String message = status.path("message").asText("");
        throw new IllegalStateException(message.isEmpty() ? "the command failed: " + status : message);
    }
}

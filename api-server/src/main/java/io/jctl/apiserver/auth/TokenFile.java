package io.jctl.apiserver.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses kube-apiserver's {@code --token-auth-file}: CSV lines {@code token,user,uid[,"group1,group2"]}.
 * Blank lines and lines starting with {@code #} are skipped. Unlike kube-apiserver, which only logs
 * a warning, an empty or duplicate token is an error: both are almost certainly editing mistakes.
 */
public final class TokenFile {

    private TokenFile() {
    }

    /** Token to user, in file order. */
    public static Map<String, UserInfo> read(Path file) throws IOException {
        return parse(file, Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    static Map<String, UserInfo> parse(Path file, List<String> lines) {
        Map<String, UserInfo> tokens = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNumber = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = splitCsv(line, file, lineNumber);
            if (fields.size() < 3) {
                throw new TokenFileException(file, lineNumber,
                        "expected at least 3 columns (token, user name, user uid), found " + fields.size());
            }
            String token = fields.get(0);
            String user = fields.get(1);
            if (token.isEmpty()) {
                throw new TokenFileException(file, lineNumber, "empty token");
            }
            if (user.isEmpty()) {
                throw new TokenFileException(file, lineNumber, "empty user name");
            }
            List<String> groups = fields.size() >= 4 ? splitGroups(fields.get(3)) : List.of();
            if (tokens.putIfAbsent(token, new UserInfo(user, fields.get(2), groups)) != null) {
                throw new TokenFileException(file, lineNumber, "duplicate token (first used by user '"
                        + tokens.get(token).name() + "')");
            }
        }
        return tokens;
    }

    private static List<String> splitGroups(String field) {
        return Arrays.stream(field.split(",")).map(String::strip).filter(g -> !g.isEmpty()).toList();
    }

    /** RFC 4180 fields of one line: double quotes enclose commas, "" is a literal quote; unquoted fields are stripped. */
    private static List<String> splitCsv(String line, Path file, int lineNumber) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        while (true) {
            while (i < line.length() && line.charAt(i) == ' ') {
                i++;
            }
            StringBuilder field = new StringBuilder();
            boolean quoted = i < line.length() && line.charAt(i) == '"';
            if (quoted) {
                i++;
                boolean closed = false;
                while (i < line.length()) {
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < line.length() && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            closed = true;
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                if (!closed) {
                    throw new TokenFileException(file, lineNumber, "unterminated quoted field");
                }
                if (i < line.length() && line.charAt(i) != ',') {
                    throw new TokenFileException(file, lineNumber, "unexpected character after closing quote");
                }
            } else {
                while (i < line.length() && line.charAt(i) != ',') {
                    char c = line.charAt(i++);
                    if (c == '"') {
                        throw new TokenFileException(file, lineNumber, "quote inside an unquoted field");
                    }
                    field.append(c);
                }
            }
            fields.add(quoted ? field.toString() : field.toString().strip());
            if (i >= line.length()) {
                return fields;
            }
            i++; // the comma
        }
    }
}

package dev.brisk.controller.apigw;

import dev.brisk.core.error.ApiException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A route's path, {@code /books/{id}}: literal segments and {@code {name}} parameters, as the API gateway accepts
 * them (apigw-utils.js isValidRelativePath). Segments are URL path characters only; "." and ".." are refused so a
 * route never names a traversal, and a base path has no parameters (validateFinalSwagger).
 */
record RouteTemplate(List<String> segments) {
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@-]+");
    private static final Pattern PARAMETER = Pattern.compile("\\{[A-Za-z_][A-Za-z0-9_]*}");
    static final int MAX_LENGTH = 1024;

    /** A base path: "/" or literal segments. */
    static RouteTemplate basePath(String path) {
        RouteTemplate t = parse(path, "base path");
        if (t.segments.stream().anyMatch(RouteTemplate::isParameter)) {
            throw ApiException.badRequest("The base path (" + path
                    + ") cannot have parameters. Only the relative path supports path parameters.");
        }
        return t;
    }

    /** A relative path: "/" or segments, literal or parameters. */
    static RouteTemplate relativePath(String path) {
        return parse(path, "relative path");
    }

    private static RouteTemplate parse(String path, String what) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/' || path.length() > MAX_LENGTH) {
            throw ApiException.badRequest("The " + what + " must start with '/' and have at most " + MAX_LENGTH
                    + " characters.");
        }
        List<String> segments = new ArrayList<>();
        String rest = path.substring(1);
        if (!rest.isEmpty()) {
            for (String s : rest.split("/", -1)) {
                boolean valid = (LITERAL.matcher(s).matches() && !s.equals(".") && !s.equals(".."))
                        || PARAMETER.matcher(s).matches();
                if (!valid) {
                    throw ApiException.badRequest("The " + what + " '" + path + "' has an invalid segment '" + s
                            + "'.");
                }
                segments.add(s);
            }
        }
        return new RouteTemplate(List.copyOf(segments));
    }

    static boolean isParameter(String segment) {
        return segment.startsWith("{");
    }

    /** The template of a base path followed by a relative path. */
    RouteTemplate then(RouteTemplate relative) {
        List<String> all = new ArrayList<>(segments);
        all.addAll(relative.segments);
        return new RouteTemplate(List.copyOf(all));
    }

    /** How many literal segments it has: of two templates matching a path, the one with more wins. */
    int literals() {
        return (int) segments.stream().filter(s -> !isParameter(s)).count();
    }

    /** Whether the decoded segments of a request path match. */
    boolean matches(List<String> path) {
        if (path.size() != segments.size()) {
            return false;
        }
        for (int i = 0; i < path.size(); i++) {
            String s = segments.get(i);
            if (isParameter(s) ? path.get(i).isEmpty() : !s.equals(path.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Its parameter names in order. */
    List<String> parameters() {
        return segments.stream().filter(RouteTemplate::isParameter).map(s -> s.substring(1, s.length() - 1)).toList();
    }
}

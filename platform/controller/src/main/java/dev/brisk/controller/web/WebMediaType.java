package dev.brisk.controller.web;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed media type and the distinctions web actions make on it: JSON family ({@code application/json} or any
 * {@code +json} subtype) and binary (bodies passed and returned as base64). Binary follows the HTTP model OpenWhisk
 * runs on: {@code text/*}, {@code image/svg+xml} and the registered textual {@code application/*} types are text;
 * any other type is binary unless it declares a charset.
 */
public record WebMediaType(String type, String subtype, Map<String, String> params) {
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Set<String> TEXTUAL_APPLICATION = Set.of(
            "json", "javascript", "ecmascript", "x-javascript", "xml", "xhtml+xml", "x-www-form-urlencoded",
            "rss+xml", "soap+xml", "atom+xml", "xml-dtd", "base64", "x-latex", "x-vrml",
            "vnd.google-earth.kml+xml", "json-patch+json", "merge-patch+json", "problem+json", "vnd.api+json");

    public WebMediaType {
        type = type.toLowerCase(Locale.ROOT);
        subtype = subtype.toLowerCase(Locale.ROOT);
        params = Map.copyOf(params);
    }

    /** Parses {@code type/subtype[; name=value]*}; null when the text is no media type. */
    public static WebMediaType parse(String text) {
        if (text == null) {
            return null;
        }
        String[] parts = text.split(";");
        String main = parts[0].trim();
        int slash = main.indexOf('/');
        if (slash <= 0 || slash == main.length() - 1) {
            return null;
        }
        String type = main.substring(0, slash).trim();
        String subtype = main.substring(slash + 1).trim();
        if (!TOKEN.matcher(type).matches() || !TOKEN.matcher(subtype).matches()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            String value = p.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            params.put(p.substring(0, eq).trim().toLowerCase(Locale.ROOT), value);
        }
        return new WebMediaType(type, subtype, params);
    }

    public String essence() {
        return type + "/" + subtype;
    }

    public boolean isJsonFamily() {
        return essence().equals("application/json") || subtype.endsWith("+json");
    }

    public boolean isForm() {
        return essence().equals("application/x-www-form-urlencoded");
    }

    public boolean isBinary() {
        if (type.equals("text") || essence().equals("image/svg+xml")) {
            return false;
        }
        if (type.equals("application") && TEXTUAL_APPLICATION.contains(subtype)) {
            return false;
        }
        if (type.equals("image") || type.equals("audio") || type.equals("video") || type.equals("multipart")
                || type.equals("font")) {
            return true;
        }
        if (type.equals("application") && isRegisteredBinaryApplication(subtype)) {
            return true;
        }
        return !params.containsKey("charset");
    }

    private static boolean isRegisteredBinaryApplication(String subtype) {
        return subtype.equals("octet-stream") || subtype.equals("pdf") || subtype.equals("zip")
                || subtype.equals("gzip") || subtype.equals("x-gzip") || subtype.startsWith("vnd.");
    }

    /**
     * The content type a text response goes out with: the charset (UTF-8 unless given) is added to textual types
     * that take one; JSON types have a fixed charset and carry none.
     */
    public String renderForText() {
        if (isJsonFamily() || params.containsKey("charset")) {
            return render();
        }
        return render() + "; charset=UTF-8";
    }

    public String render() {
        StringBuilder sb = new StringBuilder(essence());
        params.forEach((k, v) -> sb.append("; ").append(k).append('=').append(v));
        return sb.toString();
    }

    /** The charset the type declares, UTF-8 otherwise. */
    public java.nio.charset.Charset charset() {
        String name = params.get("charset");
        try {
            return name == null ? java.nio.charset.StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(name);
        } catch (RuntimeException e) {
            return java.nio.charset.StandardCharsets.UTF_8;
        }
    }

    /**
     * Whether an {@code Accept} header admits {@code offered} (HTTP content negotiation as OpenWhisk's HTTP layer
     * does it for responses with a body). No header, or an unparsable one, admits everything.
     */
    public static boolean accepts(String acceptHeader, WebMediaType offered) {
        if (acceptHeader == null || acceptHeader.isBlank() || offered == null) {
            return true;
        }
        boolean anyParsed = false;
        for (String range : acceptHeader.split(",")) {
            WebMediaType r = parse(range.trim());
            if (r == null) {
                continue;
            }
            anyParsed = true;
            double q = 1.0;
            String qs = r.params().get("q");
            if (qs != null) {
                try {
                    q = Double.parseDouble(qs);
                } catch (NumberFormatException e) {
                    q = 1.0;
                }
            }
            if (q <= 0) {
                continue;
            }
            boolean typeOk = r.type().equals("*") || r.type().equals(offered.type());
            boolean subOk = r.subtype().equals("*") || r.subtype().equals(offered.subtype());
            if (typeOk && subOk) {
                return true;
            }
        }
        return !anyParsed;
    }
}

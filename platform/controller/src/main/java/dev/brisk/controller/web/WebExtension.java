package dev.brisk.controller.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The media extensions of a web action URL ({@code .http}, {@code .json}, {@code .html}, {@code .svg},
 * {@code .text}) and the split of the path after the package into action name, extension and the unmatched rest.
 * Extensions are not enforced: without a known suffix the whole segment is the action name and {@code .http} applies.
 */
public enum WebExtension {
    HTTP(".http"), JSON(".json"), HTML(".html"), SVG(".svg"), TEXT(".text");

    private final String suffix;

    WebExtension(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }

    /**
     * The action a web URL names.
     *
     * @param name      the action name, decoded, without the extension
     * @param extension the media extension (HTTP when none was given)
     * @param path      the rest of the path after the action segment, as sent (percent-encoded), e.g.
     *                  {@code /a/b}, or empty; passed to the action as {@code __ow_path}
     */
    public record Target(String name, WebExtension extension, String path) {
    }

    /** Splits the (percent-encoded) path after {@code /web/ns/pkg/} into action name, extension and rest. */
    public static Target parse(String encodedActionPath) {
        String p = encodedActionPath == null ? "" : encodedActionPath;
        int slash = p.indexOf('/');
        String segment = slash < 0 ? p : p.substring(0, slash);
        String rest = slash < 0 ? "" : p.substring(slash);
        String name = decodePathSegment(segment);
        for (WebExtension e : values()) {
            if (name.endsWith(e.suffix)) {
                return new Target(name.substring(0, name.length() - e.suffix.length()), e, rest);
            }
        }
        return new Target(name, HTTP, rest);
    }

    /** Percent-decoding of a path segment ({@code +} stays a plus); malformed escapes are kept as they are. */
    static String decodePathSegment(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}

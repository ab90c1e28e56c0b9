package dev.brisk.controller.http;

import dev.brisk.core.error.ApiException;
import jakarta.ws.rs.core.MediaType;

import java.nio.charset.Charset;
import java.util.Map;

/**
 * Request bodies must be declared {@code application/json}, as OpenWhisk's unmarshallers require (Pekko's spray-json
 * support takes that media type alone, with any charset): 415 otherwise, with Pekko's text naming the type it got (a
 * body sent without a type is read as {@code application/octet-stream}).
 */
public final class JsonContent {
    private JsonContent() {
    }

    /** Pekko's rejection text for {@code type}. */
    public static String unsupported(String type) {
        return "The request's Content-Type [" + type + "] is not supported. Expected:\napplication/json";
    }

    /**
     * Refuses a body declared as anything but JSON, even an empty one (OpenWhisk answers a bodiless form-encoded
     * invoke or fire with 415), and a body sent without a type; an undeclared empty body is allowed.
     */
    public static void require(MediaType type, String body) {
        if (type != null && !isJson(type)) {
            throw new ApiException(415, unsupported(render(type)));
        }
        if (type == null && body != null && !body.isBlank()) {
            throw new ApiException(415, unsupported(MediaType.APPLICATION_OCTET_STREAM));
        }
    }

    /** {@code application/json} with any parameters; not {@code +json} types, which Pekko's unmarshaller refuses. */
    static boolean isJson(MediaType type) {
        return "application".equalsIgnoreCase(type.getType()) && "json".equalsIgnoreCase(type.getSubtype());
    }

    /** The type as Pekko renders a content type: parameters after "; ", a known charset by its canonical name. */
    static String render(MediaType type) {
        StringBuilder sb = new StringBuilder(type.getType()).append('/').append(type.getSubtype());
        for (Map.Entry<String, String> p : type.getParameters().entrySet()) {
            String value = p.getValue();
            if (MediaType.CHARSET_PARAMETER.equalsIgnoreCase(p.getKey())) {
                try {
                    value = Charset.forName(value).name();
                } catch (RuntimeException unknown) {
                    // kept as sent
                }
            }
            sb.append("; ").append(p.getKey()).append('=').append(value);
        }
        return sb.toString();
    }
}

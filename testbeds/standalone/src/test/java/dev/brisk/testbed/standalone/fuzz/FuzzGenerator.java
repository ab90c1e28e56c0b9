package dev.brisk.testbed.standalone.fuzz;

import dev.brisk.testbed.support.Testbed;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Hostile requests over every route, reproducible: request {@code i} depends only on the seed and {@code i}, so a
 * failure seen with concurrent clients is replayed by the same seed. A guest request that could legitimately change
 * a stored fixture (a well-formed PUT, POST or DELETE on a name derived from {@code fx-}) is never generated: the
 * fixtures must survive, so mutations on them carry broken bodies, bad credentials or another namespace's key.
 */
final class FuzzGenerator {
    /** One in this many requests carries a body above the 1 MB payload limit (bounded so the run stays fast). */
    static final int HUGE_EVERY = 1_500;

    private static final String GUEST = Testbed.GUEST_KEY;
    private static final String GUEST_UUID = GUEST.substring(0, GUEST.indexOf(':'));
    private static final String SYSTEM = Testbed.SYSTEM_KEY;
    private static final String API = "/api/v1/namespaces/";
    private static final List<String> COLLECTIONS = List.of("actions", "triggers", "rules", "packages", "activations");
    private static final List<String> FIXTURES = List.of("fx-node", "fx-seq", "fx-web", "fx-pkg", "fx-pkg/fx-inner",
            "fx-trigger", "fx-rule");
    private static final List<String> METHODS = List.of("GET", "PUT", "POST", "DELETE", "HEAD", "OPTIONS", "PATCH",
            "TRACE", "FOO", "PROPFIND");
    private static final List<String> CONTENT_TYPES = List.of("application/json", "text/plain", "application/xml",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=zz", "application/octet-stream",
            "application/json; charset=iso-8859-1", "application/json; charset=bogus", "???", "", "image/png",
            "text/html", "application/javascript");
    private static final List<String> BROKEN_JSON = List.of("{", "}", "[", "{\"exec\":", "{\"exec\":{\"kind\":",
            "{'exec': 1}", "{\"a\":1,}", "nul", "tru", "{\"a\":\"\\u12\"}", "{\"a\":\"\\x00\"}", "\u0000\u0001\u0002",
            "{\"a\":NaN}", "{\"a\":-}", "\"unterminated", "{\"a\" 1}", "{{}}", "[[[[[[",
            "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":\"x\"}", "<xml/>", "a=b&c=d", "{\"a\":01}",
            "\uFEFF{\"exec\":{}}", "{\"a\":1}{\"b\":2}");
    private static final List<String> NAME_TRICKS = List.of("..", ".", "%2e%2e", "%2E", "%2F", "a%2Fb", "a%2F..%2Fb",
            "%00", "a%00b", "%20", "a%20b", "%25", "%25%32%46", "%C0%AF", "%FF%FE", "%E2%80%AE", "%F0%9F%92%A9",
            "%E4%BD%A0%E5%A5%BD", "caf%C3%A9", "%EF%BB%BF", "a;b", "a,b", "a:b", "a@b", "a&b", "~", "-", "_",
            "%09", "%0A", "%0D%0A", "a%5Cb", "%5C..%5C", "CON", "a%7Cb", "%3Cscript%3E", "'%20OR%201=1--",
            "%7B%7D", "%24where", "%2A", "a+b", "x".repeat(257), "y".repeat(300), "z".repeat(2_000));
    private static final List<String> GARBAGE_VALUES = List.of("\"s\"", "1", "-1", "0", "1.5", "true", "null", "[]",
            "{}", "[1,2]", "{\"a\":{}}", "\"" + "v".repeat(100) + "\"", "9223372036854775808", "-2147483649",
            "1e308", "\"\\u0000\"", "[null]", "[{}]", "[{\"key\":1}]", "[{\"value\":1}]", "[{\"key\":null,\"value\":1}]",
            "[{\"key\":\"\",\"value\":1}]", "{\"key\":\"k\",\"value\":\"v\"}", "1e999999", "-0", "\"\\uD800\"");

    private final long seed;

    FuzzGenerator(long seed) {
        this.seed = seed;
    }

    /** Request number {@code index} of this seed. */
    FuzzRequest next(long index) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        if (index % HUGE_EVERY == HUGE_EVERY - 1) {
            return huge(r);
        }
        List<Function<SplittableRandom, FuzzRequest>> kinds = List.of(this::brokenJson, this::wrongTypes,
                this::trickyNames, this::badBase64, this::missingFields, this::wrongMethods, this::contentTypes,
                this::badAuth, this::crossNamespace, this::badQueries, this::activations, this::webActions,
                this::roots);
        return kinds.get(r.nextInt(kinds.size())).apply(r);
    }

    // --- categories --------------------------------------------------------------------------------------------

    private FuzzRequest brokenJson(SplittableRandom r) {
        String collection = pick(r, COLLECTIONS);
        String name = r.nextBoolean() ? pick(r, FIXTURES) : scratch(r);
        String method = pick(r, List.of("PUT", "POST"));
        return FuzzRequest.of("broken-json", method, API + "_/" + collection + "/" + name + overwrite(r),
                guest(json()), pick(r, BROKEN_JSON));
    }

    private FuzzRequest wrongTypes(SplittableRandom r) {
        String v = pick(r, GARBAGE_VALUES);
        String collection = pick(r, List.of("actions", "triggers", "rules", "packages"));
        String body = switch (collection) {
            case "actions" -> pick(r, List.of("{\"exec\":" + v + "}",
                    "{\"exec\":{\"kind\":" + v + ",\"code\":\"function main(){return {}}\"}}",
                    "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":" + v + "}}",
                    "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":\"x\"},\"parameters\":" + v + "}",
                    "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":\"x\"},\"annotations\":" + v + "}",
                    "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":\"x\"},\"limits\":" + v + "}",
                    "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":\"x\"},\"limits\":{\"timeout\":" + v + "}}",
                    "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":\"x\"},\"limits\":{\"memory\":" + v + ",\"logs\":" + v + "}}",
                    "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":\"x\"},\"limits\":{\"concurrency\":" + v + "}}",
                    "{\"exec\":{\"kind\":\"sequence\",\"components\":" + v + "}}",
                    "{\"exec\":{\"kind\":\"blackbox\",\"image\":" + v + "}}",
                    "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":\"x\",\"main\":" + v + ",\"binary\":" + v + "}}",
                    "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":\"x\"},\"version\":" + v + ",\"publish\":" + v + "}",
                    "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":\"x\"},\"limits\":{\"timeout\":-1,\"memory\":99999999999}}",
                    "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":\"x\"},\"limits\":{\"timeout\":\"60000\",\"memory\":\"256\"}}"));
            case "triggers" -> pick(r, List.of("{\"parameters\":" + v + "}", "{\"annotations\":" + v + "}",
                    "{\"limits\":" + v + "}", "{\"publish\":" + v + "}", v));
            case "rules" -> pick(r, List.of("{\"trigger\":" + v + ",\"action\":\"fx-node\"}",
                    "{\"trigger\":\"fx-trigger\",\"action\":" + v + "}", "{\"status\":" + v + "}", v));
            default -> pick(r, List.of("{\"binding\":" + v + "}", "{\"binding\":{\"namespace\":" + v + ",\"name\":" + v + "}}",
                    "{\"parameters\":" + v + "}", "{\"publish\":" + v + "}", v));
        };
        // on fixtures: never a body that could be valid; a broken one is added so the PUT is surely refused
        String name = r.nextInt(3) == 0 ? pick(r, FIXTURES) : scratch(r);
        if (name.startsWith("fx")) {
            body = body + pick(r, List.of(",", "}", "x"));
        }
        return FuzzRequest.of("wrong-types", "PUT", API + "_/" + collection + "/" + name + overwrite(r), guest(json()), body);
    }

    private FuzzRequest trickyNames(SplittableRandom r) {
        String collection = pick(r, COLLECTIONS);
        String trick = pick(r, NAME_TRICKS);
        String base = r.nextInt(4) == 0 ? pick(r, FIXTURES) : scratch(r);
        String name = switch (r.nextInt(4)) {
            case 0 -> trick;
            case 1 -> base + trick;
            case 2 -> base + "/" + trick;
            default -> trick + "/" + base;
        };
        String ns = r.nextInt(5) == 0 ? pick(r, NAME_TRICKS) : "_";
        boolean mutate = r.nextBoolean();
        String method = mutate ? pick(r, List.of("PUT", "POST", "DELETE")) : "GET";
        boolean touchesFixture = name.contains("fx");
        if (touchesFixture && mutate) {
            method = pick(r, List.of("PUT", "POST")); // broken body below: refused before anything changes
        }
        String body = !mutate || method.equals("DELETE") ? null
                : touchesFixture ? pick(r, BROKEN_JSON) : validBody(collection, r);
        return FuzzRequest.of("tricky-names", method, API + ns + "/" + collection + "/" + name, guest(json()), body);
    }

    private FuzzRequest badBase64(SplittableRandom r) {
        String code = pick(r, List.of("!!!not base64!!!", "UEsDBA==", "UEsDBAo", "====", "AAAA", "%%%",
                Base64.getEncoder().encodeToString("not a jar".getBytes(StandardCharsets.UTF_8)), "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="));
        if (r.nextBoolean()) {
            String kind = pick(r, List.of("java:default", "java:21", "nodejs:default", "python:default", "python:3"));
            String body = "{\"exec\":{\"kind\":\"" + kind + "\",\"code\":\"" + code + "\",\"binary\":true,\"main\":\""
                    + pick(r, List.of("Main", "a.b.C", "", "../x", "main")) + "\"}}";
            return FuzzRequest.of("bad-base64", "PUT", API + "_/actions/" + scratch(r) + overwrite(r), guest(json()), body);
        }
        // a web action body that claims to be binary
        Map<String, String> h = headers("Content-Type", pick(r, List.of("application/octet-stream", "image/png",
                "application/json", "text/plain")), "Content-Transfer-Encoding", "base64");
        return FuzzRequest.of("bad-base64", pick(r, List.of("POST", "PUT")),
                "/api/v1/web/guest/default/" + pick(r, List.of("fx-missing", "fx-missing.json", "fx-node.http")), h, code);
    }

    private FuzzRequest missingFields(SplittableRandom r) {
        String collection = pick(r, List.of("actions", "rules", "packages", "triggers"));
        String body = switch (collection) {
            case "actions" -> pick(r, List.of("", "{}", "{\"exec\":{}}", "{\"exec\":{\"kind\":\"nodejs:default\"}}",
                    "{\"exec\":{\"code\":\"x\"}}", "{\"exec\":{\"kind\":\"sequence\"}}", "{\"exec\":{\"kind\":\"blackbox\"}}",
                    "{\"exec\":{\"kind\":\"java:default\",\"code\":\"UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==\",\"binary\":true}}",
                    "{\"parameters\":[]}", "{\"exec\":{\"kind\":\"\",\"code\":\"\"}}", "{\"exec\":{\"kind\":\"sequence\",\"components\":[]}}"));
            case "rules" -> pick(r, List.of("{}", "{\"trigger\":\"/_/fx-trigger\"}", "{\"action\":\"/_/fx-node\"}",
                    "{\"trigger\":\"\",\"action\":\"\"}", "{\"trigger\":\"fx-trigger\"}",
                    "{\"trigger\":\"/_/nope\",\"action\":\"/_/fx-node\"}"));
            case "packages" -> pick(r, List.of("{\"binding\":{}}", "{\"binding\":{\"namespace\":\"guest\"}}",
                    "{\"binding\":{\"name\":\"fx-pkg\"}}", "{\"binding\":{\"namespace\":\"\",\"name\":\"\"}}"));
            default -> pick(r, List.of("{\"parameters\":[{}]}", "{\"parameters\":[{\"key\":\"k\"}]}", "{\"annotations\":[{\"value\":1}]}"));
        };
        // "{}" on a trigger or package is valid: only scratch names here, fixtures are never re-created
        return FuzzRequest.of("missing-fields", "PUT", API + "_/" + collection + "/" + scratch(r) + overwrite(r),
                guest(json()), body);
    }

    private FuzzRequest wrongMethods(SplittableRandom r) {
        String method = pick(r, METHODS);
        String path = pick(r, List.of(API + "_/actions", API + "_/triggers", API + "_/rules", API + "_/packages",
                API + "_/activations", API + "_/activations/0123456789abcdef0123456789abcdef", API + "_/packages/fx-pkg",
                API + "_/activations/0123456789abcdef0123456789abcdef/logs", API + "_/limits", API, API + "_",
                API + "_/actions/fx-pkg/", "/api/v1/namespaces/_/actions/fx-node", "/api/v1"));
        boolean onFixture = path.contains("fx-") && !path.endsWith("/");
        if (onFixture && (method.equals("PUT") || method.equals("DELETE") || method.equals("POST"))) {
            method = pick(r, List.of("PATCH", "TRACE", "FOO", "PROPFIND")); // no real mutation of a fixture
        }
        String body = r.nextBoolean() ? null : pick(r, BROKEN_JSON);
        return FuzzRequest.of("wrong-methods", method, path, guest(json()), body);
    }

    private FuzzRequest contentTypes(SplittableRandom r) {
        String ct = pick(r, CONTENT_TYPES);
        String path = pick(r, List.of(API + "_/actions/" + scratch(r), API + "_/triggers/" + scratch(r),
                API + "_/actions/fx-node?blocking=true", API + "_/triggers/fx-trigger", API + "_/rules/fx-rule",
                API + "_/packages/" + scratch(r)));
        boolean onFixture = path.contains("fx-");
        String method = onFixture ? "PUT" : pick(r, List.of("PUT", "POST"));
        // to a fixture: PUT with something that is not a valid document in any content type
        String body = onFixture ? pick(r, BROKEN_JSON) + "<>"
                : pick(r, List.of("a=b&c=d", "<exec/>", "--zz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--zz--",
                "\u00ff\u00fe", "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":\"function main(){return {}}\"}}"));
        Map<String, String> h = ct.isEmpty() ? auth(GUEST) : headers("Authorization", basic(GUEST), "Content-Type", ct);
        return FuzzRequest.of("content-types", method, path, h, body);
    }

    private FuzzRequest badAuth(SplittableRandom r) {
        String header = pick(r, List.of("", "Basic", "Basic ", "Basic !!!", "Basic " + b64("nocolon"),
                "Basic " + b64(":"), "Basic " + b64(GUEST_UUID + ":wrong"),
                "Basic " + b64(GUEST_UUID + ":" + "A".repeat(64)),
                "Basic " + b64("00000000-0000-0000-0000-000000000000:" + "A".repeat(64)),
                "Basic " + b64(GUEST + "x"), "Basic " + b64(GUEST.toUpperCase()), "Bearer " + GUEST, "Digest x",
                "basic " + b64(GUEST.substring(0, 40)), "Basic " + b64("\u0000:\u0000"),
                "Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, (byte) 0xfe, ':', (byte) 0x80}),
                "Basic " + "A".repeat(10_000), "Basic " + b64(GUEST) + "=", "Basic " + b64(" " + GUEST)));
        String method = pick(r, List.of("GET", "PUT", "POST", "DELETE"));
        String path = API + "_/" + pick(r, COLLECTIONS) + (r.nextBoolean() ? "/" + pick(r, FIXTURES) : "");
        Map<String, String> h = header.isEmpty() ? json() : headers("Authorization", header, "Content-Type", "application/json");
        return FuzzRequest.of("bad-auth", method, path, h, method.equals("GET") || method.equals("DELETE") ? null
                : "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":\"function main(){return {owned:true}}\"}}");
    }

    /** whisk.system's valid key against guest's fixtures, by name: every method must be refused (403). */
    private FuzzRequest crossNamespace(SplittableRandom r) {
        String fixture = pick(r, FIXTURES);
        String collection = fixture.startsWith("fx-trigger") ? "triggers" : fixture.startsWith("fx-rule") ? "rules"
                : fixture.equals("fx-pkg") ? "packages" : "actions";
        String method = pick(r, List.of("GET", "PUT", "POST", "DELETE"));
        String query = method.equals("PUT") ? "?overwrite=true" : method.equals("POST") && collection.equals("actions")
                ? "?blocking=true" : "";
        String body = switch (collection) {
            case "actions" -> method.equals("PUT")
                    ? "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":\"function main(){return {owned:true}}\"}}" : "{}";
            case "rules" -> method.equals("POST") ? "{\"status\":\"inactive\"}" : "{\"trigger\":\"/guest/fx-trigger\",\"action\":\"/guest/fx-node\"}";
            default -> "{\"parameters\":[{\"key\":\"owned\",\"value\":true}]}";
        };
        String ns = pick(r, List.of("guest", "guest", "%67uest", "GUEST", "guest%2F", "guest/"));
        return FuzzRequest.of("cross-namespace", method, API + ns + "/" + collection + "/" + fixture + query,
                headers("Authorization", basic(SYSTEM), "Content-Type", "application/json"),
                method.equals("GET") || method.equals("DELETE") ? null : body);
    }

    private FuzzRequest badQueries(SplittableRandom r) {
        String q = pick(r, List.of("limit=-1", "limit=abc", "limit=201", "limit=99999999999999999999", "skip=-5",
                "skip=1e99", "skip=", "docs=maybe", "count=true&docs=true", "since=abc", "upto=-1", "since=99999999999999999999",
                "name=../..", "name=%00", "name=a/b/c/d", "blocking=maybe", "result=2", "timeout=-5", "timeout=abc",
                "timeout=99999999", "overwrite=yes", "force=1", "limit", "%25zz=1", "a=%25", "limit=1&limit=2", "=", "&&&"));
        String path = pick(r, List.of(API + "_/actions", API + "_/activations", API + "_/triggers", API + "_/rules",
                API + "_/packages", API + "_/actions/fx-missing", API + "_/actions/fx-node", API + "_/packages/fx-pkg"));
        String method = "GET";
        String body = null;
        if (path.endsWith("fx-missing") && r.nextBoolean()) {
            method = "POST";
            body = "{}";
        }
        return FuzzRequest.of("bad-queries", method, path + "?" + q, guest(json()), body);
    }

    private FuzzRequest activations(SplittableRandom r) {
        String id = pick(r, List.of("0123456789abcdef0123456789abcdef", "0", "x".repeat(32), "g".repeat(32),
                "0123456789ABCDEF0123456789ABCDEF", "..", "%2e%2e", "%00", "a".repeat(300), "0123456789abcdef0123456789abcdeff"));
        String tail = pick(r, List.of("", "/logs", "/result", "/bogus", "/logs/x", "/"));
        return FuzzRequest.of("activations", pick(r, List.of("GET", "GET", "DELETE", "PUT", "POST")),
                API + "_/activations/" + id + tail, guest(json()), null);
    }

    private FuzzRequest webActions(SplittableRandom r) {
        String target = pick(r, List.of("guest/default/fx-missing", "guest/default/fx-node", "guest/fx-pkg/fx-inner",
                "guest/default/fx-web.json", "guest/default/fx-web.http", "guest/default/fx-web.svg", "guest/default/fx-web.bogus",
                "nobody/default/x", "%00/default/x", "guest/%2e%2e/fx-web", "guest/default/..", "guest", "guest/default",
                "guest/default/fx-web.json/a/b/../c", "_/default/fx-web.json", "guest/default/" + "w".repeat(300)));
        // only some requests reach the real web action: each one is an activation, and they cost time
        if (target.contains("fx-web") && r.nextInt(10) != 0) {
            target = target.replace("fx-web", "fx-nonweb");
        }
        String query = pick(r, List.of("", "?sc=700", "?sc=abc", "?sc=-1", "?h=notanobject", "?__ow_method=put",
                "?b=%25ZZ", "?b=notbase64!!&ct=image/png", "?sc=200&ct=application/json&b=%7Bnot", "?ct=%00"));
        Map<String, String> h = headers("Content-Type", pick(r, CONTENT_TYPES.subList(0, CONTENT_TYPES.size() - 4)));
        String method = pick(r, List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"));
        String body = method.equals("GET") || method.equals("HEAD") ? null : pick(r, BROKEN_JSON);
        return FuzzRequest.of("web-actions", method, "/api/v1/web/" + target + query, h, body);
    }

    private FuzzRequest roots(SplittableRandom r) {
        String path = pick(r, List.of("/api/v1", "/api/v1/", "/api/v1//", "/api/v1/namespaces", "/api/v1/namespaces/",
                "/api/v1/namespaces/_", "/api/v1/namespaces/%00", "/api/v1/namespaces/_/", "/api/v1/namespaces/_/bogus",
                "/api/v1/namespaces/_/actions//", "/api/v1/namespaces/_/actions/a/b/c", "/api/v1/bogus", "/api/v2",
                "/api/v1/web", "/api/v1/web/", "/api/v1/namespaces/_/limits", "/api/v1/namespaces/_/limits/x",
                "/api/v1/api-docs", "/api/v1/namespaces/%E2%80%AE/actions", "/api/v1/namespaces/" + "n".repeat(300) + "/actions"));
        return FuzzRequest.of("roots", pick(r, List.of("GET", "GET", "POST", "PUT", "DELETE", "HEAD")), path,
                r.nextBoolean() ? guest(json()) : json(), null);
    }

    private FuzzRequest huge(SplittableRandom r) {
        int size = 1_048_576 + 1 + r.nextInt(1_048_576);
        String pad = "h".repeat(size);
        String path = pick(r, List.of(API + "_/actions/fx-node?blocking=true", API + "_/triggers/fx-trigger",
                API + "_/actions/fx-missing", API + "_/actions/" + scratch(r) + "?overwrite=true",
                "/api/v1/web/guest/default/fx-missing.json"));
        String body = path.contains("overwrite")
                ? "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":\"x\"},\"parameters\":[{\"key\":\"p\",\"value\":\"" + pad + "\"}]}"
                : "{\"pad\":\"" + pad + "\"}";
        if (path.contains("fx-node") || path.contains("fx-trigger")) {
            body = body + ","; // broken too: if the limit failed, the request must still change nothing
        }
        return FuzzRequest.of("huge", path.contains("overwrite") ? "PUT" : "POST", path, guest(json()), body);
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private static String validBody(String collection, SplittableRandom r) {
        return switch (collection) {
            case "actions" -> "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":\"function main(){return {}}\"}}";
            case "rules" -> "{\"trigger\":\"/_/fz-t\",\"action\":\"/_/fx-node\"}"; // a new rule on fx-trigger would change its GET
            default -> "{}";
        };
    }

    private static String scratch(SplittableRandom r) {
        return "fz-" + r.nextInt(200);
    }

    private static String overwrite(SplittableRandom r) {
        return r.nextBoolean() ? "?overwrite=true" : "";
    }

    private static <T> T pick(SplittableRandom r, List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    private static Map<String, String> json() {
        return headers("Content-Type", "application/json");
    }

    private static Map<String, String> guest(Map<String, String> h) {
        Map<String, String> m = new LinkedHashMap<>(h);
        m.put("Authorization", basic(GUEST));
        return m;
    }

    private static Map<String, String> auth(String key) {
        return headers("Authorization", basic(key));
    }

    private static Map<String, String> headers(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String basic(String key) {
        return "Basic " + b64(key);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}

package dev.brisk.testbed.process;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Namespace B's attempts on namespace A's entities and activations through the public API; each must be refused
 * with OpenWhisk's 403 (not entitled, whether or not A has the entity) or 404 (activations are looked up in the
 * caller's own namespace).
 */
final class NamespaceAttempts {
    /** One attempt and the statuses that count as refused. */
    record Attempt(String what, String namespace, String method, String path, String body, Set<Integer> refused) {
    }

    private static final Set<Integer> FORBIDDEN = Set.of(403);
    private static final Set<Integer> NOT_FOUND = Set.of(404);

    private NamespaceAttempts() {
    }

    /**
     * @param a          A's namespace name
     * @param action     A's private action, trigger {@code iso-trigger}, rule {@code iso-rule}, package {@code iso-private}
     * @param activation an activation id of A
     */
    static List<Attempt> all(String a, String action, String activation) {
        String put = "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":\"function main(){return {owned:true}}\"}}";
        List<Attempt> list = new ArrayList<>();
        list.add(new Attempt("read A's action", a, "GET", "/actions/" + action, null, FORBIDDEN));
        list.add(new Attempt("invoke A's action", a, "POST", "/actions/" + action + "?blocking=true", "{}", FORBIDDEN));
        list.add(new Attempt("invoke A's action non-blocking", a, "POST", "/actions/" + action, "{}", FORBIDDEN));
        list.add(new Attempt("overwrite A's action", a, "PUT", "/actions/" + action + "?overwrite=true", put, FORBIDDEN));
        list.add(new Attempt("create an action in A", a, "PUT", "/actions/iso-intruder", put, FORBIDDEN));
        list.add(new Attempt("delete A's action", a, "DELETE", "/actions/" + action, null, FORBIDDEN));
        list.add(new Attempt("list A's actions", a, "GET", "/actions", null, FORBIDDEN));
        list.add(new Attempt("list A's triggers", a, "GET", "/triggers", null, FORBIDDEN));
        list.add(new Attempt("list A's rules", a, "GET", "/rules", null, FORBIDDEN));
        list.add(new Attempt("list A's activations", a, "GET", "/activations", null, FORBIDDEN));
        list.add(new Attempt("read A's activation in A", a, "GET", "/activations/" + activation, null, FORBIDDEN));
        list.add(new Attempt("read A's activation logs in A", a, "GET", "/activations/" + activation + "/logs", null, FORBIDDEN));
        list.add(new Attempt("read A's activation by id in B", "_", "GET", "/activations/" + activation, null, NOT_FOUND));
        list.add(new Attempt("read A's activation result in B", "_", "GET", "/activations/" + activation + "/result", null, NOT_FOUND));
        list.add(new Attempt("read A's activation logs in B", "_", "GET", "/activations/" + activation + "/logs", null, NOT_FOUND));
        list.add(new Attempt("read A's trigger", a, "GET", "/triggers/iso-trigger", null, FORBIDDEN));
        list.add(new Attempt("fire A's trigger", a, "POST", "/triggers/iso-trigger", "{}", FORBIDDEN));
        list.add(new Attempt("overwrite A's trigger", a, "PUT", "/triggers/iso-trigger?overwrite=true", "{}", FORBIDDEN));
        list.add(new Attempt("delete A's trigger", a, "DELETE", "/triggers/iso-trigger", null, FORBIDDEN));
        list.add(new Attempt("read A's rule", a, "GET", "/rules/iso-rule", null, FORBIDDEN));
        list.add(new Attempt("disable A's rule", a, "POST", "/rules/iso-rule", "{\"status\":\"inactive\"}", FORBIDDEN));
        list.add(new Attempt("delete A's rule", a, "DELETE", "/rules/iso-rule", null, FORBIDDEN));
        list.add(new Attempt("read A's private package", a, "GET", "/packages/iso-private", null, FORBIDDEN));
        list.add(new Attempt("overwrite A's package", a, "PUT", "/packages/iso-private?overwrite=true", "{}", FORBIDDEN));
        list.add(new Attempt("delete A's package", a, "DELETE", "/packages/iso-private", null, FORBIDDEN));
        list.add(new Attempt("read an action in A's private package", a, "GET", "/actions/iso-private/inner", null, FORBIDDEN));
        list.add(new Attempt("invoke an action in A's private package", a, "POST", "/actions/iso-private/inner?blocking=true", "{}", FORBIDDEN));
        list.add(new Attempt("bind A's private package into B", "_", "PUT", "/packages/iso-b-binding",
                "{\"binding\":{\"namespace\":\"" + a + "\",\"name\":\"iso-private\"}}", FORBIDDEN));
        list.add(new Attempt("a rule in B on A's trigger and action", "_", "PUT", "/rules/iso-b-rule",
                "{\"trigger\":\"/" + a + "/iso-trigger\",\"action\":\"/" + a + "/" + action + "\"}", FORBIDDEN));
        list.add(new Attempt("a rule in B on A's trigger with B's own action", "_", "PUT", "/rules/iso-b-rule2",
                "{\"trigger\":\"/" + a + "/iso-trigger\",\"action\":\"/_/iso-b-own\"}", FORBIDDEN));
        list.add(new Attempt("a rule in B on a trigger A does not have", "_", "PUT", "/rules/iso-b-rule3",
                "{\"trigger\":\"/" + a + "/iso-no-such-trigger\",\"action\":\"/_/iso-b-own\"}", FORBIDDEN));
        list.add(new Attempt("a sequence in B over A's private action", "_", "PUT", "/actions/iso-b-seq",
                "{\"exec\":{\"kind\":\"sequence\",\"components\":[\"/" + a + "/" + action + "\"]}}", FORBIDDEN));
        // what A does not have is refused the same way: nothing tells B which names A uses (AUTH-012..016)
        list.add(new Attempt("bind a package A does not have", "_", "PUT", "/packages/iso-b-binding2",
                "{\"binding\":{\"namespace\":\"" + a + "\",\"name\":\"iso-no-such-package\"}}", FORBIDDEN));
        list.add(new Attempt("read an action in a package A does not have", a, "GET", "/actions/iso-no-such-package/x",
                null, FORBIDDEN));
        list.add(new Attempt("a sequence in B over a package A does not have", "_", "PUT", "/actions/iso-b-seq2",
                "{\"exec\":{\"kind\":\"sequence\",\"components\":[\"/" + a + "/iso-no-such-package/x\"]}}",
                FORBIDDEN));
        return list;
    }

    /** Runs every attempt as B; answers the ones not refused (empty when all were). */
    static List<String> tryAll(Api b, List<Attempt> attempts) throws IOException, InterruptedException {
        List<String> allowed = new ArrayList<>();
        for (Attempt t : attempts) {
            HttpResponse<String> r = b.callIn(t.namespace(), t.method(), t.path(), t.body());
            boolean shape = r.body().contains("\"error\"") && r.body().contains("\"code\"");
            if (!t.refused().contains(r.statusCode()) || !shape) {
                allowed.add(t.what() + ": " + t.method() + " " + t.path() + " -> " + r.statusCode() + " " + r.body());
            }
        }
        return allowed;
    }
}

package dev.brisk.conformance.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

import dev.brisk.conformance.support.JarBuilder;
import dev.brisk.conformance.support.World;
import groovy.json.JsonOutput;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.When;
import io.restassured.response.Response;

/** Java actions: jars compiled while the suite runs, sent base64-encoded with binary true and a main class. */
public class JavaActionSteps {

    static final String JAVA_KIND = "java:default";

    private final World world;
    private final ActionSteps actions;
    private final Map<String, byte[]> jars = new HashMap<>();

    public JavaActionSteps(World world, ActionSteps actions) {
        this.world = world;
        this.actions = actions;
    }

    /** Compiles the class (skipping the scenario when the suite runs without a compiler) and packages it. */
    @Given("a jar {string} with the Java class {string}:")
    public void jar(String jar, String className, String source) {
        Assumptions.assumeTrue(JarBuilder.compiler() != null,
                "no Java compiler available: run the suite on a JDK (not a JRE) to build the Java action jars");
        jars.put(jar, JarBuilder.jar(className, source));
    }

    private Response create(String logical, String jar, String main) {
        byte[] bytes = jars.get(jar);
        if (bytes == null) {
            throw new IllegalStateException("no jar '" + jar + "' has been built in this scenario");
        }
        Map<String, Object> exec = new LinkedHashMap<>();
        exec.put("kind", JAVA_KIND);
        exec.put("code", Base64.getEncoder().encodeToString(bytes));
        exec.put("binary", true);
        if (main != null) {
            exec.put("main", main);
        }
        return actions.put(world.name(logical), JsonOutput.toJson(Map.of("exec", exec)), false);
    }

    @Given("the java action {string} from the jar {string} with the main class {string}")
    public void javaAction(String logical, String jar, String main) {
        Response r = create(logical, jar, main);
        assertEquals(200, r.statusCode(), () -> "creating java action '" + logical + "' failed: "
                + ResponseSteps.describe(r));
    }

    @When("I create the java action {string} from the jar {string} with the main class {string}")
    public void createJava(String logical, String jar, String main) {
        create(logical, jar, main);
    }

    @When("I create the java action {string} from the jar {string} without a main class")
    public void createJavaWithoutMain(String logical, String jar) {
        create(logical, jar, null);
    }
}

Feature: Java actions
  A Java action is a jar, sent base64-encoded as exec.code with exec.binary true, holding a class with
  "public static com.google.gson.JsonObject main(com.google.gson.JsonObject)"; exec.main names the class. The kind
  java:default resolves to the target's default Java kind (java:8 in OpenWhisk).

  The suite compiles the classes below against Gson and packages them into jars while it runs; the scenarios are
  skipped, with the reason, when the suite runs on a Java runtime without a compiler (a JRE instead of a JDK).

  @runtime-java @ACT-038 @ACT-008
  Scenario: Create a Java action from a jar
    Given a jar "hello" with the Java class "Hello":
      """java
      import com.google.gson.JsonObject;

      public class Hello {
          public static JsonObject main(JsonObject args) {
              String name = args.has("name") ? args.get("name").getAsString() : "stranger";
              JsonObject response = new JsonObject();
              response.addProperty("greeting", "Hello " + name + "!");
              return response;
          }
      }
      """
    When I create the java action "hello-java" from the jar "hello" with the main class "Hello"
    Then the response is the action "hello-java"
    And the action kind is the concrete default kind of "java"
    And the response field "exec.binary" is true
    And the response field "exec.main" is the string "Hello"

  @runtime-java @ACT-039
  Scenario: A Java action without main is rejected
    Given a jar "hello" with the Java class "Hello":
      """java
      import com.google.gson.JsonObject;

      public class Hello {
          public static JsonObject main(JsonObject args) {
              return args;
          }
      }
      """
    When I create the java action "no-main" from the jar "hello" without a main class
    Then the response is an error with status 400

  @runtime-java @ACT-040
  Scenario: A Java action runs
    Given a jar "hello" with the Java class "Hello":
      """java
      import com.google.gson.JsonObject;

      public class Hello {
          public static JsonObject main(JsonObject args) {
              String name = args.has("name") ? args.get("name").getAsString() : "stranger";
              JsonObject response = new JsonObject();
              response.addProperty("greeting", "Hello " + name + "!");
              return response;
          }
      }
      """
    And the java action "hello-java" from the jar "hello" with the main class "Hello"
    When I invoke the action "hello-java" blocking with the body {"name": "Duke"}
    Then the response status is 200
    And the response is an activation of the action "hello-java"
    And the activation status is "success"
    And the activation result is {"greeting": "Hello Duke!"}

  @runtime-java @ACT-040
  Scenario: A Java class in a Java package is named by its qualified name
    Given a jar "packaged" with the Java class "dev.brisk.cts.Greeter":
      """java
      package dev.brisk.cts;

      import com.google.gson.JsonObject;

      public class Greeter {
          public static JsonObject main(JsonObject args) {
              JsonObject response = new JsonObject();
              response.addProperty("from", "Greeter");
              return response;
          }
      }
      """
    And the java action "greeter" from the jar "packaged" with the main class "dev.brisk.cts.Greeter"
    When I invoke the action "greeter" blocking for the result
    Then the response status is 200
    And the response body is exactly the JSON {"from": "Greeter"}

  @sequences @runtime-java @runtime-nodejs @SEQ-003 @ACT-040
  Scenario: A sequence can mix Java and Node.js components
    Given a jar "counter" with the Java class "Counter":
      """java
      import com.google.gson.JsonObject;

      public class Counter {
          public static JsonObject main(JsonObject args) {
              JsonObject response = new JsonObject();
              response.addProperty("n", args.get("n").getAsInt() * 10);
              return response;
          }
      }
      """
    And the java action "times-ten" from the jar "counter" with the main class "Counter"
    And a nodejs action "add-one" with code:
      """javascript
      function main(params) { return { n: params.n + 1 }; }
      """
    And the sequence "java-then-js" of the actions "times-ten, add-one"
    When I invoke the action "java-then-js" blocking for the result with the body {"n": 4}
    Then the response status is 200
    And the response body is exactly the JSON {"n": 41}

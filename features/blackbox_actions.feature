Feature: Blackbox actions
  A blackbox action runs an image of the developer's choosing instead of one of the platform's runtimes: its exec
  has the kind "blackbox", the image's name, and optionally code, which the platform sends to the image's /init as it
  would to a runtime's. Any image that speaks the action protocol works; the scenarios run the image the target is
  configured with (brisk.blackbox-image, by default OpenWhisk's Node.js 20 runtime image, openwhisk/action-nodejs-v20),
  so the code below is JavaScript. A target that runs images claims the category "blackbox".

  @blackbox @ACT-043
  Scenario: A blackbox action is stored with its image
    When I create the blackbox action "boxed" of the configured image with code:
      """javascript
      function main(params) { return { boxed: true }; }
      """
    Then the response is the action "boxed"
    And the response field "exec.kind" is the string "blackbox"
    And the action runs the configured image
    When I get the action "boxed"
    Then the response status is 200
    And the response field "exec.kind" is the string "blackbox"
    And the action runs the configured image

  @blackbox @ACT-044
  Scenario: A blackbox action runs its image with its code
    Given a blackbox action "greeter" of the configured image with code:
      """javascript
      function main(params) { return { greeting: "Hello, " + params.name + "!" }; }
      """
    When I invoke the action "greeter" blocking with the body {"name": "Ada"}
    Then the response status is 200
    And the response is an activation of the action "greeter"
    And the activation status is "success"
    And the activation result is {"greeting": "Hello, Ada!"}

  @blackbox @ACT-045
  Scenario: A blackbox action whose image cannot be pulled is an action developer error
    Given a blackbox action "unpullable" of the image "brisk-conformance/no-such-image:0"
    When I invoke the action "unpullable" blocking
    Then the response status is 502
    And the response is an activation of the action "unpullable"
    And the activation status is "action developer error"
    And the response field "response.result.error" is the string "Failed to pull container image 'brisk-conformance/no-such-image:0'."

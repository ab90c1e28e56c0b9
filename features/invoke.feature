Feature: Invoking actions
  POST /api/v1/namespaces/{ns}/actions/{name} runs an action. A blocking invoke (blocking=true) waits for the
  activation and returns its record (or, with result=true, only the result); a non-blocking invoke returns
  202 with the activation id at once. The HTTP status tells how the run ended: 200 for success, 502 for an
  application error or an action developer error, and 202 when a blocking invoke outlasts its wait.

  Scenarios tagged @any-runtime run their action in whichever runtime the target claims (Node.js, else Python), so
  their statements are checked on any target with one runtime; the others run Node.js actions unless they say
  otherwise, so they belong to the runtime-nodejs (or runtime-python) category.

  @any-runtime @INV-001 @INV-004 @INV-019
  Scenario: A blocking invoke returns the activation record
    Given an action "echo" in the claimed runtime that returns its parameters
    When I invoke the action "echo" blocking with the body {"hello": "world"}
    Then the response status is 200
    And the response is an activation of the action "echo"
    And the activation status is "success"
    And the activation result is {"hello": "world"}
    And the response field "logs" is a JSON array

  @any-runtime @INV-002
  Scenario: A blocking invoke with result=true returns only the result
    Given an action "greet" in the claimed runtime that returns its parameters
    When I invoke the action "greet" blocking for the result with the body {"name": "Ada"}
    Then the response status is 200
    And the response body is exactly the JSON {"name": "Ada"}
    And the response carries the activation id header

  @any-runtime @INV-002
  Scenario: An empty result object is returned as {}
    Given an action "empty" in the claimed runtime that returns its parameters
    When I invoke the action "empty" blocking for the result
    Then the response status is 200
    And the response body is exactly the JSON {}

  @runtime-nodejs @INV-019
  Scenario: A resolved promise is the result
    Given a nodejs action "later" with code:
      """javascript
      function main(params) {
        return new Promise(resolve => setTimeout(() => resolve({ done: true }), 100));
      }
      """
    When I invoke the action "later" blocking
    Then the response status is 200
    And the activation status is "success"
    And the activation result is {"done": true}

  @any-runtime @INV-003 @INV-004 @INV-005
  Scenario: A non-blocking invoke is accepted with an activation id
    Given an action "echo" in the claimed runtime that returns its parameters
    When I invoke the action "echo" without blocking
    Then the response status is 202
    And the response only holds an activation id
    When I invoke the action "echo" with the query "blocking=false&result=true"
    Then the response status is 202
    And the response only holds an activation id
    And the two activation ids differ
    And the activation record eventually becomes available

  @any-runtime @INV-006
  Scenario: Invoke parameters are merged over the default parameters
    Given an action "greet" in the claimed runtime with parameters {"name": "default", "place": "Earth"} that returns its parameters
    When I invoke the action "greet" blocking for the result with the body {"name": "Alice"}
    Then the response status is 200
    And the response body is exactly the JSON {"name": "Alice", "place": "Earth"}

  @any-runtime @INV-007
  Scenario: An invoke without a body passes the default parameters
    Given an action "echo" in the claimed runtime with parameters {"place": "Earth"} that returns its parameters
    When I invoke the action "echo" blocking without a body
    Then the response status is 200
    And the activation result is {"place": "Earth"}

  @any-runtime @INV-008
  Scenario Outline: An invoke body that is not a JSON object is rejected
    Given an action "echo" in the claimed runtime that returns its parameters
    When I invoke the action "echo" blocking with the raw body:
      """
      <body>
      """
    Then the response is an error with status 400

    Examples:
      | body          |
      | [1, 2]        |
      | "text"        |
      | 42            |
      | {"unclosed":  |

  @any-runtime @INV-009 @INV-004
  Scenario: An application error is a 502 with the activation record
    Given an action "fail" in the claimed runtime that returns its parameters
    When I invoke the action "fail" blocking with the body {"error": "bad thing happened"}
    Then the response status is 502
    And the response is an activation of the action "fail"
    And the activation status is "application error"
    And the activation result is {"error": "bad thing happened"}

  @any-runtime @INV-010
  Scenario: An application error with result=true is a 502 with the bare result
    Given an action "fail" in the claimed runtime that returns its parameters
    When I invoke the action "fail" blocking for the result with the body {"error": "bad thing happened"}
    Then the response status is 502
    And the response body is exactly the JSON {"error": "bad thing happened"}

  @runtime-nodejs @INV-011
  Scenario: A rejected promise is an application error
    Given a nodejs action "reject" with code:
      """javascript
      function main() { return Promise.reject({ reason: "no" }); }
      """
    When I invoke the action "reject" blocking
    Then the response status is 502
    And the activation status is "application error"
    And the activation result is {"error": {"reason": "no"}}

  @runtime-nodejs @INV-012
  Scenario: Code that throws while loading is an action developer error
    Given a nodejs action "unloadable" with code:
      """javascript
      throw new Error("broken at load time");
      function main() { return {}; }
      """
    When I invoke the action "unloadable" blocking
    Then the response status is 502
    And the response is an activation of the action "unloadable"
    And the activation status is "action developer error"
    And the activation result has an error message

  @runtime-python @INV-013
  Scenario: Python code without main is an action developer error
    Given a python action "no-main" with code:
      """python
      def not_main(args):
          return args
      """
    When I invoke the action "no-main" blocking
    Then the response status is 502
    And the response is an activation of the action "no-main"
    And the activation status is "action developer error"

  @runtime-nodejs @INV-014
  Scenario: An action that exceeds its time limit is stopped
    Given a nodejs action "sleepy" with limits {"timeout": 1000} and code:
      """javascript
      function main(params) {
        if (params.warm) return { warm: true };
        return new Promise(resolve => setTimeout(() => resolve({ slept: true }), 3000));
      }
      """
    # warmed first, so that a cold start's /init (which OpenWhisk counts against the limit) is not what times out
    When I invoke the action "sleepy" blocking with the body {"warm": true}
    Then the response status is 200
    When I invoke the action "sleepy" blocking
    Then the response status is 502
    And the activation status is "action developer error"
    And the activation result is {"error": "The action exceeded its time limits of 1000 milliseconds."}
    And the activation duration is at least 1000 milliseconds

  @INV-022
  Scenario: An invoke declared as anything but JSON is refused, even without a body
    Given the action "strict" exists
    When I invoke the action "strict" blocking with the content type "application/x-www-form-urlencoded" and no body
    Then the response is an error with status 415
    And the error message contains "is not supported"
    When I invoke the action "strict" blocking with the content type "application/json" and no body
    Then the response status is 200

  @runtime-nodejs @INV-015 @INV-004
  Scenario: A blocking invoke that outlasts its wait is accepted and completes later
    Given a nodejs action "slow" with code:
      """javascript
      function main() {
        return new Promise(resolve => setTimeout(() => resolve({ slept: true }), 3000));
      }
      """
    When I invoke the action "slow" with the query "blocking=true&timeout=500"
    Then the response status is 202
    And the response only holds an activation id
    And the activation record eventually becomes available
    And the activation status is "success"
    And the activation result is {"slept": true}

  @any-runtime @INV-016
  Scenario Outline: A bad blocking timeout is rejected
    Given an action "echo" in the claimed runtime that returns its parameters
    When I invoke the action "echo" with the query "blocking=true&timeout=<timeout>"
    Then the response is an error with status 400
    And the error message contains "Timeout must be number of milliseconds up to 60000."

    Examples:
      | timeout |
      | abc     |
      | 0       |
      | 65000   |

  @INV-017 @AUTH-009
  Scenario: Invoking a missing action is 404
    When I invoke the action "never-created" blocking
    Then the response is an error with status 404
    And the error message is "The requested resource does not exist."

  @runtime-python @INV-020 @INV-006
  Scenario: A Python action runs with its parameters
    Given a python action "py-echo" with parameters {"place": "Earth"} and code:
      """python
      def main(args):
          return args
      """
    When I invoke the action "py-echo" blocking with the body {"hello": "world"}
    Then the response status is 200
    And the response is an activation of the action "py-echo"
    And the activation status is "success"
    And the activation result is {"hello": "world", "place": "Earth"}

  @runtime-python @INV-021
  Scenario: A Python exception is an application error
    Given a python action "py-raise" with code:
      """python
      def main(args):
          raise Exception("python says no")
      """
    When I invoke the action "py-raise" blocking
    Then the response status is 502
    And the activation status is "application error"
    And the activation result is {"error": "python says no"}

  @runtime-nodejs @INV-023 @INV-024
  Scenario: An action reads its activation from its environment, without an API key unless it asks
    Given a nodejs action "context" with code:
      """javascript
      function main() {
        const e = process.env;
        return { host: e.__OW_API_HOST, namespace: e.__OW_NAMESPACE, name: e.__OW_ACTION_NAME,
                 id: e.__OW_ACTIVATION_ID, deadline: e.__OW_DEADLINE, key: e.__OW_API_KEY === undefined ? 'absent' : 'present' };
      }
      """
    When I invoke the action "context" blocking
    Then the response status is 200
    And the response field "response.result.host" is a non-empty string
    And the activation result field "namespace" is the text "{namespace}"
    And the activation result field "name" is the text "/{namespace}/{name:context}"
    And the activation result field "id" is the activation's id
    And the activation result field "deadline" is a time after the activation's start
    And the activation result field "key" is the text "absent"

  @runtime-nodejs @INV-024
  Scenario: An action annotated provide-api-key gets the invoking subject's key
    Given a nodejs action "keyed" annotated [{"key": "provide-api-key", "value": true}] with code:
      """javascript
      function main() { return { key: process.env.__OW_API_KEY }; }
      """
    When I invoke the action "keyed" blocking
    Then the response status is 200
    And the activation result field "key" is the caller's credentials

  @runtime-nodejs @INV-025
  Scenario: Text keeps every Unicode character, in and out
    Given a nodejs action "echo-text" with code:
      """javascript
      function main(params) { return { text: params.text, length: [...params.text].length }; }
      """
    When I invoke the action "echo-text" blocking with the body {"text": "Grüße, 世界 🌍"}
    Then the response status is 200
    And the response field "response.result.text" is the string "Grüße, 世界 🌍"
    And the response field "response.result.length" is the number 11

  @runtime-nodejs @INV-026
  Scenario: An array result is answered as it is
    Given a nodejs action "listing" with code:
      """javascript
      function main() { return [{ key1: "value1" }, { key2: "value2" }]; }
      """
    When I invoke the action "listing" blocking
    Then the response status is 200
    And the response body is exactly the JSON [{"key1": "value1"}, {"key2": "value2"}]
    When I invoke the action "listing" blocking for the result
    Then the response status is 200
    And the response body is exactly the JSON [{"key1": "value1"}, {"key2": "value2"}]

  @runtime-nodejs @INV-027
  Scenario: An action without code is stored, and its invoke is a developer error
    When I create the nodejs action "hollow" with code:
      """javascript
      """
    Then the response status is 200
    When I invoke the action "hollow" blocking
    Then the response status is 502
    And the activation status is "action developer error"
    And the activation result is {"error": "Missing main/no code to execute."}

  @any-runtime @INV-028
  Scenario: An invoke may not override a final parameter
    Given an action "sealed" in the claimed runtime with parameters {"a": 1} that returns its parameters
    When I update the action "sealed" with overwrite and the body {"annotations": [{"key": "final", "value": true}]}
    Then the response status is 200
    When I invoke the action "sealed" blocking with the body {"a": 2}
    Then the response is an error with status 400
    And the error message is "Request defines parameters that are not allowed (e.g., reserved properties)."
    When I invoke the action "sealed" blocking with the body {"b": 2}
    Then the response status is 200
    And the activation result is {"a": 1, "b": 2}

  @runtime-nodejs @INV-029
  Scenario: A Node.js action requires the pre-installed openwhisk client, configured from its environment
    Given a nodejs action "client" annotated [{"key": "provide-api-key", "value": true}] with code:
      """javascript
      const ow = require('openwhisk');
      function main() {
        const client = ow(); // throws without __OW_API_HOST and __OW_API_KEY
        return { hasClient: typeof ow === 'function', canGetActions: typeof client.actions.get === 'function' };
      }
      """
    When I invoke the action "client" blocking
    Then the response status is 200
    And the activation status is "success"
    And the activation result is {"hasClient": true, "canGetActions": true}

  @INV-028
  Scenario: An invoke may not override the parameters of a final action
    When I create the action "sealed" with parameters {"x": "fixed", "open": null}
    Then the response status is 200
    When I update the action "sealed" with overwrite and the body {"annotations": [{"key": "final", "value": true}]}
    Then the response status is 200
    When I invoke the action "sealed" blocking with the body {"x": "changed"}
    Then the response is an error with status 400
    And the error message is "Request defines parameters that are not allowed (e.g., reserved properties)."
    When I invoke the action "sealed" blocking with the body {"y": "new", "open": "set"}
    Then the response status is 200
    And the activation result is {"x": "fixed", "y": "new", "open": "set"}

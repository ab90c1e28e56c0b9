Feature: Limits and the admin API
  OpenWhisk bounds what a namespace may send and run: request bodies (1 MB for invokes and fires), action code
  (48 MB) and parameters (1 MB) are refused with 413; results over 1 MB become an application error that quotes the
  truncated response, and logs over the action's log limit end with a truncation marker; invokes and fires per
  minute and activations in flight per namespace are throttled with 429. GET /api/v1/namespaces/{ns}/limits shows
  the limits in force.

  These scenarios belong to the optional category limits. The ones that need a namespace with low limits make it
  through Brisk's admin API (/admin/v1/namespaces, the REST form of OpenWhisk's wskadmin), so they also belong to
  the optional category admin-api and are skipped, with the reason, unless the suite is given the admin
  credentials (brisk.admin-auth). Namespaces made this way are deleted after the scenario.

  @limits @LIM-001
  Scenario: The limits route shows the throttles in force
    When I send GET "/api/v1/namespaces/_/limits"
    Then the response status is 200
    And the response is a JSON object
    And the response field "invocationsPerMinute" is a number
    And the response field "concurrentInvocations" is a number
    And the response field "firesPerMinute" is a number

  @limits @LIM-002
  Scenario: An invoke body over 1 MB is refused with 413
    Given the action "echo" exists
    When I invoke the action "echo" blocking with a JSON body of 1100000 bytes
    Then the response is an error with status 413
    And the error message is the request size over 1048576 bytes

  @limits @triggers @LIM-003
  Scenario: A fire body over 1 MB is refused with 413
    Given the trigger "ticks" exists
    When I fire the trigger "ticks" with a JSON body of 1100000 bytes
    Then the response is an error with status 413
    And the error message is the request size over 1048576 bytes

  @limits @LIM-004
  Scenario: Action code over 48 MB is refused with 413
    When I create the action "huge" with 50400000 bytes of code
    Then the response is an error with status 413
    And the error message starts with "exec larger than allowed: "
    And the error message contains " > 50331648 bytes."
    When I get the action "huge"
    Then the response is an error with status 404

  @limits @LIM-005
  Scenario: Parameters over 1 MB are refused with 413
    When I create the action "heavy" with a parameter value of 1100000 bytes
    Then the response is an error with status 413
    And the error message starts with "parameters larger than allowed: "
    And the error message contains " > 1048576 bytes."

  @limits @runtime-nodejs @LIM-006
  Scenario: A result over 1 MB becomes an application error quoting the truncated response
    Given a nodejs action "big" with code:
      """javascript
      function main() { return { big: "x".repeat(1100000) }; }
      """
    When I invoke the action "big" blocking
    Then the response status is 502
    And the activation status is "application error"
    And the activation result error starts with "The action produced a response that exceeded the allowed length: "
    And the activation result error contains " > 1048576 bytes. The truncated response was: {"

  @limits @runtime-nodejs @LIM-007
  Scenario: Logs over the action's log limit end with the truncation marker
    Given a nodejs action "chatty" with limits {"logs": 1} and code:
      """javascript
      function main() {
        const line = "x".repeat(1023);
        for (let i = 0; i < 2048; i++) { console.log(line); }
        return { done: true };
      }
      """
    When I invoke the action "chatty" blocking
    Then the response status is 200
    And the last activation log line eventually contains "Logs were truncated because the total bytes size exceeds the limit of 1048576 bytes."

  @limits @admin-api @runtime-nodejs @LIM-008
  Scenario: Invokes over the namespace's per-minute limit are refused with 429
    Given the namespace "tenant" created through the admin API
    And the admin API sets the limits of the namespace "tenant" to {"invocationsPerMinute": 2}
    And a nodejs action "echo" in the namespace "tenant" with code:
      """javascript
      function main(params) { return params; }
      """
    When the namespace "tenant" invokes the action "echo" without blocking 2 times
    And the namespace "tenant" invokes the action "echo" without blocking
    Then the response is an error with status 429
    And the error message is "Too many requests in the last minute (count: 3, allowed: 2)."

  @limits @admin-api @runtime-nodejs @LIM-009
  Scenario: Invokes over the namespace's concurrent limit are refused with 429
    Given the namespace "tenant" created through the admin API
    And the admin API sets the limits of the namespace "tenant" to {"concurrentInvocations": 1}
    And a nodejs action "sleepy" in the namespace "tenant" with code:
      """javascript
      function main() { return new Promise(resolve => setTimeout(() => resolve({ done: true }), 5000)); }
      """
    When the namespace "tenant" invokes the action "sleepy" without blocking 1 times
    And the namespace "tenant" invokes the action "sleepy" without blocking
    Then the response is an error with status 429
    And the error message is "Too many concurrent requests in flight (count: 1, allowed: 1)."

  @limits @admin-api @triggers @LIM-010
  Scenario: Fires over the namespace's per-minute limit are refused with 429
    Given the namespace "tenant" created through the admin API
    And the admin API sets the limits of the namespace "tenant" to {"firesPerMinute": 1}
    And the trigger "ticks" exists in the namespace "tenant"
    When the namespace "tenant" fires the trigger "ticks" 1 times
    And the namespace "tenant" fires the trigger "ticks"
    Then the response is an error with status 429
    And the error message is "Too many requests in the last minute (count: 2, allowed: 1)."

  @limits @admin-api @web-actions @runtime-nodejs @LIM-018
  Scenario: Web action requests count against the owner's per-minute limit
    Given the namespace "tenant" created through the admin API
    And the admin API sets the limits of the namespace "tenant" to {"invocationsPerMinute": 1}
    And a nodejs web action "page" in the namespace "tenant" with code:
      """javascript
      function main() { return { body: "ok" }; }
      """
    When anyone sends GET to the web action "page" of the namespace "tenant" with the suffix ".http"
    Then the response status is 200
    When anyone sends GET to the web action "page" of the namespace "tenant" with the suffix ".http"
    Then the response is an error with status 429
    And the error message is "Too many requests in the last minute (count: 2, allowed: 1)."

  @limits @admin-api @triggers @runtime-nodejs @LIM-018
  Scenario: Actions started by rules count against the trigger owner's per-minute limit
    Given the namespace "tenant" created through the admin API
    And the admin API sets the limits of the namespace "tenant" to {"invocationsPerMinute": 1}
    And a nodejs action "echo" in the namespace "tenant" with code:
      """javascript
      function main(params) { return params; }
      """
    And the trigger "ticks" exists in the namespace "tenant"
    And the rule "relay" from the trigger "ticks" to the action "echo" exists in the namespace "tenant"
    When the namespace "tenant" fires the trigger "ticks"
    Then the namespace "tenant"'s activation of the trigger "ticks" eventually logs "activationId"
    When the namespace "tenant" fires the trigger "ticks"
    Then the namespace "tenant"'s activation of the trigger "ticks" eventually logs "Too many requests in the last minute (count: 2, allowed: 1)."

  @limits @admin-api @LIM-011
  Scenario: The limits route shows a namespace's own limits
    Given the namespace "tenant" created through the admin API
    And the admin API sets the limits of the namespace "tenant" to {"invocationsPerMinute": 7, "concurrentInvocations": 3, "firesPerMinute": 5}
    When the namespace "tenant" sends GET "/api/v1/namespaces/_/limits"
    Then the response status is 200
    And the response field "invocationsPerMinute" is the JSON 7
    And the response field "concurrentInvocations" is the JSON 3
    And the response field "firesPerMinute" is the JSON 5

  @admin-api @LIM-012
  Scenario: The admin API creates a namespace with a new key
    When I create the namespace "tenant" through the admin API
    Then the response status is 200
    And the response field "namespace" is the name of "tenant"
    And the response field "uuid" is a non-empty string
    And the response field "key" is an alphanumeric string of 64 characters
    And the response field "auth" is the uuid and key of the response
    When the namespace "tenant" sends GET "/api/v1/namespaces"
    Then the response status is 200
    And the response lists exactly the namespace "tenant"

  @admin-api @LIM-013
  Scenario: Creating an existing namespace is a conflict
    Given the namespace "tenant" created through the admin API
    When I create the namespace "tenant" through the admin API
    Then the response is an error with status 409
    And the error message is "resource already exists"

  @admin-api @LIM-014
  Scenario: The admin API lists and reads namespaces
    Given the namespace "tenant" created through the admin API
    When I list the namespaces through the admin API
    Then the response status is 200
    And the admin listing includes the namespace "tenant"
    When I get the namespace "tenant" through the admin API
    Then the response status is 200
    And the response field "namespace" is the name of "tenant"
    And the response field "blocked" is false
    When I get the namespace "missing" through the admin API
    Then the response is an error with status 404
    And the error message is "The requested resource does not exist."

  @admin-api @LIM-015
  Scenario: Rotating a key retires the old one at once
    Given the namespace "tenant" created through the admin API
    When I rotate the key of the namespace "tenant" through the admin API
    Then the response status is 200
    And the response field "key" is an alphanumeric string of 64 characters
    When the namespace "tenant" sends GET "/api/v1/namespaces" with its previous key
    Then the response is an error with status 401
    And the error message is "The supplied authentication is invalid"
    When the namespace "tenant" sends GET "/api/v1/namespaces"
    Then the response status is 200

  @admin-api @LIM-016
  Scenario: A blocked namespace's key is refused until it is unblocked
    Given the namespace "tenant" created through the admin API
    When I block the namespace "tenant" through the admin API
    Then the response status is 200
    And the response field "blocked" is true
    When the namespace "tenant" sends GET "/api/v1/namespaces"
    Then the response is an error with status 401
    And the error message is "The supplied authentication is invalid"
    When I unblock the namespace "tenant" through the admin API
    Then the response status is 200
    When the namespace "tenant" sends GET "/api/v1/namespaces"
    Then the response status is 200

  @admin-api @LIM-017
  Scenario: The admin API needs the admin credentials
    When I list the namespaces through the admin API without credentials
    Then the response is an error with status 401
    When I list the namespaces through the admin API with my namespace's key
    Then the response is an error with status 401
    And the error message is "The supplied authentication is invalid"

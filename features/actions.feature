Feature: Actions: create, read, update, delete and list
  An action is stored under /api/v1/namespaces/{ns}/actions/{name}. PUT creates it (or replaces it with
  overwrite=true), GET reads it with or without its code, DELETE removes it, and GET on the collection lists
  summaries, most recently updated first. The server fills in defaults (version 0.0.1, limits, the "exec" and
  "provide-api-key" annotations) and resolves "<family>:default" kinds to a concrete kind.

  Scenarios that only store actions use the suite's configured default kind (nodejs:default unless
  brisk.default-kind names another); storing an action never runs it. Every name below is made unique per
  scenario, and every action a scenario creates is deleted afterwards.

  @runtime-nodejs @ACT-001 @ACT-003 @ACT-004 @ACT-005 @ACT-006 @ACT-007 @ACT-008
  Scenario: Create a Node.js action
    When I create the nodejs action "hello" with code:
      """javascript
      function main(params) {
        return { payload: "Hello, " + (params.name || "World") };
      }
      """
    Then the response is the action "hello"
    And the response field "version" is the string "0.0.1"
    And the response field "publish" is false
    And the action code is the code submitted for "hello"
    And the action kind is the concrete default kind of "nodejs"
    And the response has the annotation "provide-api-key" with the value false
    And the response field "limits" includes the JSON {"timeout": 60000, "memory": 256, "logs": 10, "concurrency": 1}
    And the response field "parameters" is the JSON []

  @runtime-python @ACT-002 @ACT-003 @ACT-004 @ACT-007 @ACT-008
  Scenario: Create a Python action
    When I create the python action "hello-py" with code:
      """python
      def main(args):
          return {"payload": "Hello, " + args.get("name", "World")}
      """
    Then the response is the action "hello-py"
    And the response field "version" is the string "0.0.1"
    And the action code is the code submitted for "hello-py"
    And the action kind is the concrete default kind of "python"
    And the response has the annotation "provide-api-key" with the value false

  @ACT-003 @ACT-005 @ACT-007 @ACT-008
  Scenario: A created action gets the server defaults
    When I create the action "defaults"
    Then the response is the action "defaults"
    And the response field "version" is the string "0.0.1"
    And the configured default kind's action kind is concrete
    And the response has the annotation "provide-api-key" with the value false
    And the response field "limits" includes the JSON {"timeout": 60000, "memory": 256, "logs": 10, "concurrency": 1}

  @ACT-006 @ACT-009
  Scenario: Parameters and explicit limits are stored
    When I create the action "tuned" with parameters {"place": "Earth", "count": 3}
    Then the response is the action "tuned"
    And the response field "parameters" is the JSON [{"key": "place", "value": "Earth"}, {"key": "count", "value": 3}]
    When I create the action "limited" with limits {"timeout": 30000, "memory": 128}
    Then the response is the action "limited"
    And the response field "limits" includes the JSON {"timeout": 30000, "memory": 128, "logs": 10, "concurrency": 1}

  @ACT-010
  Scenario: Get returns the action with its code
    Given the action "hello" exists
    When I get the action "hello"
    Then the response is the action "hello"
    And the action code is the code submitted for "hello"
    When I get the action "hello" with the query "code=true"
    Then the response is the action "hello"
    And the action code is the code submitted for "hello"

  @ACT-011
  Scenario: Get without code omits exec.code but keeps the kind
    Given the action "hello" exists
    When I get the action "hello" with the query "code=false"
    Then the response is the action "hello"
    And the response field "exec.code" is absent
    And the response field "exec.kind" is a non-empty string
    And the response field "exec.binary" is false

  @ACT-012 @ACT-013 @ACT-015 @ACT-016
  Scenario: List pages through the newest actions first
    Given the action "alpha" exists
    And the action "beta" exists
    And the action "gamma" exists
    When I list the actions with the query "limit=3"
    Then the response is a JSON array of 3 entries
    And the response names the actions "gamma", "beta" and "alpha" in this order
    And every listed action is a summary without code
    When I list the actions with the query "limit=2&skip=1"
    Then the response is a JSON array of 2 entries
    And the response entries are the entries 2 to 3 of the previous list

  @ACT-012 @ACT-014 @ACT-015
  Scenario: List without limit returns at most 30 actions and includes new ones
    Given the action "alpha" exists
    And the action "beta" exists
    And the action "gamma" exists
    When I list the actions
    Then the response is a JSON array of at most 30 entries
    And the response includes the actions "alpha", "beta" and "gamma"
    When I list the actions with the query "limit=0"
    Then the response is a JSON array of at most 200 entries
    And the response includes the actions "alpha", "beta" and "gamma"

  @ACT-014 @ACT-015
  Scenario: A list without limit stops at 30 actions, limit=0 does not
    Given 31 actions named "page" with a number exist
    When I list the actions
    Then the response is a JSON array of 30 entries
    When I list the actions with the query "limit=0"
    Then the response is a JSON array of at least 31 and at most 200 entries

  @ACT-017
  Scenario: List with count=true returns the number of actions
    Given the action "alpha" exists
    And the action "beta" exists
    When I list the actions with the query "count=true"
    Then the response status is 200
    And the response field "actions" is a number of at least 2

  @ACT-018
  Scenario: A list limit above 200 is rejected
    When I list the actions with the query "limit=201"
    Then the response is an error with status 400
    And the error message contains "The value '201' is not in the range of 0 to 200 for actions."

  @ACT-019
  Scenario Outline: A list limit or skip that is not an integer is rejected
    When I list the actions with the query "<query>"
    Then the response is an error with status 400
    And the error message contains "The value 'string' is not an integer for actions."

    Examples:
      | query       |
      | limit=string |
      | skip=string  |

  @ACT-020
  Scenario: A negative list skip is rejected
    When I list the actions with the query "skip=-1"
    Then the response is an error with status 400
    And the error message contains "The value '-1' is not greater than or equal to 0 for actions."

  @ACT-021
  Scenario: Creating an existing action without overwrite is a conflict
    Given the action "hello" exists
    When I create the action "hello" again without overwrite
    Then the response is an error with status 409
    And the error message is "resource already exists"
    When I get the action "hello"
    Then the response is the action "hello"
    And the response field "version" is the string "0.0.1"

  @ACT-022 @ACT-010
  Scenario: Update with overwrite replaces the code and bumps the version
    Given the action "hello" exists
    When I update the action "hello" with overwrite and code:
      """javascript
      function main() { return { updated: true }; }
      """
    Then the response is the action "hello"
    And the response field "version" is the string "0.0.2"
    And the action code is the code submitted for "hello"
    When I get the action "hello"
    Then the response is the action "hello"
    And the response field "version" is the string "0.0.2"
    And the action code is the code submitted for "hello"

  @ACT-024
  Scenario: Overwrite of a missing action creates it
    When I update the action "fresh" with overwrite and code:
      """javascript
      function main() { return {}; }
      """
    Then the response is the action "fresh"
    And the response field "version" is the string "0.0.1"

  @ACT-025 @ACT-026 @AUTH-009
  Scenario: Delete returns the action, after which it is gone
    Given the action "doomed" exists
    When I delete the action "doomed"
    Then the response is the action "doomed"
    When I get the action "doomed"
    Then the response is an error with status 404
    And the error message is "The requested resource does not exist."

  @ACT-026 @AUTH-009
  Scenario: Get of a missing action is 404
    When I get the action "never-created"
    Then the response is an error with status 404
    And the error message is "The requested resource does not exist."

  @ACT-027 @AUTH-009
  Scenario: Delete of a missing action is 404
    When I delete the action "never-created"
    Then the response is an error with status 404
    And the error message is "The requested resource does not exist."

  @ACT-028
  Scenario: A malformed JSON body is rejected
    When I create the action "broken" with the body:
      """json
      {"exec": {"kind": "nodejs:default", "code": "function main() {}"
      """
    Then the response is an error with status 400

  @ACT-029
  Scenario Outline: A body with wrong types is rejected
    When I create the action "mistyped" with the body:
      """json
      <body>
      """
    Then the response is an error with status 400

    Examples:
      | body                                                                                   |
      | {"exec": {"kind": "nodejs:default", "code": "function main() {}"}, "parameters": "x=1"} |
      | {"exec": {"kind": "nodejs:default", "code": "function main() {}"}, "parameters": {"x": 1}} |
      | {"exec": {"code": "function main() {}"}}                                               |
      | {"exec": ""}                                                                           |

  @ACT-030
  Scenario: Creating an action without exec is rejected
    When I create the action "no-exec" with the body:
      """json
      {"parameters": []}
      """
    Then the response is an error with status 400

  @ACT-031
  Scenario: A body that is not declared as JSON is rejected
    When I create the action "plain" with an empty body of content type "text/plain"
    Then the response is an error with status 415

  @ACT-032
  Scenario: An unknown kind is rejected
    When I create the action "exotic" with the body:
      """json
      {"exec": {"kind": "foobar", "code": "function main() {}"}}
      """
    Then the response is an error with status 400
    And the error message contains "is not supported by this platform"

  @ACT-033
  Scenario Outline: Illegal action names are rejected
    ({space} stands for a space character, which a Gherkin table cell cannot hold at its edges.)
    When I create an action with the literal name "<name>"
    Then the response is an error with status 400
    And the error message is "The name of the entity contains illegal characters."

    Examples:
      | name                  |
      | bad$name              |
      | {space}leading-space  |
      | trailing-space{space} |
      | -leading-dash         |
      | bang!                 |

  @ACT-034
  Scenario: A name longer than 256 characters is rejected
    When I create an action whose name is 257 characters long
    Then the response is an error with status 400
    And the error message contains "Name segement longer than allowed"

  @ACT-035
  Scenario: A name of exactly 256 characters is valid
    When I create an action whose name is 256 characters long
    Then the response is the action whose name is 256 characters long

  @ACT-035
  Scenario: A name with spaces is valid and returned unencoded
    When I create the action "action with spaces"
    Then the response is the action "action with spaces"
    When I get the action "action with spaces"
    Then the response is the action "action with spaces"
    When I list the actions with the query "limit=200"
    Then the response includes the action "action with spaces"
    When I delete the action "action with spaces"
    Then the response is the action "action with spaces"

  @ACT-037
  Scenario Outline: Limits out of range are rejected
    When I create the action "greedy" with limits <limits>
    Then the response is an error with status 400
    And the error message contains "<text>"

    Examples:
      | limits              | text                     |
      | {"memory": 1024}    | exceeds allowed threshold |
      | {"timeout": 600000} | exceeds allowed threshold |
      | {"memory": 64}      | below allowed threshold   |

  @ACT-023
  Scenario: An update keeps what its body leaves out
    Given a nodejs action "keeper" with parameters {"greeting": "hi"} and code:
      """javascript
      function main(params) { return params; }
      """
    When I update the action "keeper" with overwrite and the body {"limits": {"timeout": 2000}}
    Then the response status is 200
    When I update the action "keeper" with overwrite and the body {"annotations": [{"key": "note", "value": "kept"}]}
    Then the response status is 200
    When I get the action "keeper"
    Then the response status is 200
    And the action code is the code submitted for "keeper"
    And the response field "parameters.0.key" is the string "greeting"
    And the response field "parameters.0.value" is the string "hi"
    And the response field "limits.timeout" is the number 2000

  @ACT-046
  Scenario: An update adds annotations to the stored ones
    Given a nodejs action "annotated" annotated [{"key": "key1", "value": "value1"}, {"key": "key2", "value": "value2"}] with code:
      """javascript
      function main(params) { return params; }
      """
    When I update the action "annotated" with overwrite and the body {"annotations": [{"key": "key2", "value": "new"}, {"key": "key3", "value": "value3"}]}
    Then the response status is 200
    When I get the action "annotated"
    Then the response has the annotation "key1" with the value "value1"
    And the response has the annotation "key2" with the value "new"
    And the response has the annotation "key3" with the value "value3"

  @runtime-nodejs @runtime-python @ACT-050
  Scenario: An update to another kind keeps the parameters and annotations
    Given a nodejs action "shifty" with parameters {"greeting": "hi"} and code:
      """javascript
      function main(params) { return params; }
      """
    And I update the action "shifty" with overwrite and the body {"annotations": [{"key": "note", "value": "kept"}]}
    When I update the action "shifty" with overwrite and python code:
      """python
      def main(args):
          return args
      """
    Then the response status is 200
    When I get the action "shifty"
    Then the action kind is the concrete default kind of "python"
    And the response field "parameters" is the JSON [{"key": "greeting", "value": "hi"}]
    And the response has the annotation "note" with the value "kept"
    When I invoke the action "shifty" blocking with the body {"x": 1}
    Then the response status is 200
    And the activation result is {"greeting": "hi", "x": 1}

  @ACT-050
  Scenario: An update to a sequence and back to code replaces the parameters as sequences store them
    Given the action "step" exists
    And I create the action "shifty" with parameters {"greeting": "hi"}
    And I update the action "shifty" with overwrite and the body {"annotations": [{"key": "note", "value": "kept"}]}
    When I update the action "shifty" with overwrite to the sequence of the actions "step"
    Then the response status is 200
    And the response has the annotation "exec" with the value "sequence"
    And the response has the annotation "note" with the value "kept"
    And the response field "parameters.0.key" is the string "_actions"
    And the response field "parameters.1" is absent
    When I update the action "shifty" with overwrite and code:
      """javascript
      function main(params) { return params; }
      """
    Then the response status is 200
    When I get the action "shifty"
    Then the configured default kind's action kind is concrete
    And the response field "parameters" is the JSON []
    And the response has the annotation "note" with the value "kept"

  @ACT-048
  Scenario: publish is stored
    Given the action "shared" exists
    When I update the action "shared" with overwrite and the body {"publish": true}
    Then the response status is 200
    And the response field "name" is the name of "shared"
    And the response field "publish" is true
    When I get the action "shared"
    Then the response field "publish" is true

  @ACT-049
  Scenario: Names that differ only in case name different actions
    When I create the action "Twice"
    Then the response is the action "Twice"
    When I create the action "twice"
    Then the response is the action "twice"
    When I get the action "Twice"
    Then the response is the action "Twice"
    When I get the action "twice"
    Then the response is the action "twice"

Feature: Activations: records, lists, results and logs
  Every invocation leaves an activation record under /api/v1/namespaces/{ns}/activations/{id}: who ran what,
  when, for how long, with which outcome, and what the action logged. Records are written after the action
  has finished and logs may come later still, so the scenarios poll (up to 60 seconds, scaled by
  brisk.timeout-factor) before they read them. Lists are newest first and can be filtered by action name,
  paged with limit and skip, narrowed with since, and counted.

  Scenarios tagged @any-runtime run their action in whichever runtime the target claims (Node.js, else Python); the
  others run Node.js (or Python) actions and belong to that runtime's category.

  @runtime-nodejs @ACTV-001 @ACTV-002 @ACTV-003 @ACTV-004 @ACTV-005 @ACTV-006
  Scenario: The record of a cold invocation describes the run
    Given a nodejs action "hello" with code:
      """javascript
      function main(params) { return { payload: "hello " + (params.name || "world") }; }
      """
    When I invoke the action "hello" blocking
    And I get the activation record
    Then the response is the activation record of the action "hello"
    And the response field "version" is the string "0.0.1"
    And the activation timing is consistent
    And the response field "response.status" is the string "success"
    And the response field "response.success" is true
    And the response field "response.result" is the JSON {"payload": "hello world"}
    And the response field "response.statusCode" is absent
    And the activation annotation "path" is the path of the action "hello"
    And the activation annotation "kind" is a concrete nodejs kind
    And the activation annotation "limits" includes the JSON {"timeout": 60000, "memory": 256, "logs": 10, "concurrency": 1}
    And the activation annotation "waitTime" is a number
    And the activation annotation "initTime" is a number

  @any-runtime @ACTV-004
  Scenario: The record of an application error keeps the error result
    Given an action "fail" in the claimed runtime that returns its parameters
    When I invoke the action "fail" blocking with the body {"error": "nope"}
    And I get the activation record
    Then the response is the activation record of the action "fail"
    And the response field "response.status" is the string "application error"
    And the response field "response.success" is false
    And the response field "response.result" is the JSON {"error": "nope"}
    And the response field "response.statusCode" is absent

  @any-runtime @ACTV-007 @ACTV-008 @ACTV-010
  Scenario: Activations of an action are listed newest first and can be paged
    Given an action "counter" in the claimed runtime that returns its parameters
    And I invoke the action "counter" blocking 3 times
    And all activations of this scenario are recorded
    When I list the activations of the action "counter"
    Then the response lists the activations "3, 2, 1" in this order
    And every listed activation belongs to the action "counter"
    And the response field "0.logs" is absent
    And every listed activation SHOULD have a number "statusCode"
    And every listed activation SHOULD have a number "end"
    And every listed activation SHOULD have a number "duration"
    When I list the activations of the action "counter" with the query "limit=2"
    Then the response lists the activations "3, 2" in this order
    When I list the activations of the action "counter" with the query "skip=1"
    Then the response lists the activations "2, 1" in this order
    When I list the activations of the action "counter" with the query "limit=1&skip=1"
    Then the response lists the activations "2" in this order

  @any-runtime @ACTV-012
  Scenario: A list with since returns the activations that started at or after that instant
    Given an action "counter" in the claimed runtime that returns its parameters
    And I invoke the action "counter" blocking 3 times
    And all activations of this scenario are recorded
    When I list the activations of the action "counter" that started at or after activation 2
    Then the response lists the activations "3, 2" in this order

  @any-runtime @ACTV-014
  Scenario: Activations can be counted
    Given an action "counter" in the claimed runtime that returns its parameters
    And I invoke the action "counter" blocking 3 times
    And all activations of this scenario are recorded
    When I list the activations of the action "counter" with the query "count=true"
    Then the response status is 200
    And the response body is exactly the JSON {"activations": 3}

  @ACTV-011
  Scenario Outline: Invalid list limit or skip is rejected
    When I list the activations with the query "<query>"
    Then the response is an error with status 400
    And the error message contains "<text>"

    Examples:
      | query     | text                                                       |
      | limit=201 | The value '201' is not in the range of 0 to 200 for activations. |
      | limit=abc | The value 'abc' is not an integer for activations.          |
      | skip=-1   | The value '-1' is not greater than or equal to 0 for activations. |

  @ACTV-013
  Scenario: An invalid since is rejected
    When I list the activations with the query "since=xxx"
    Then the response is an error with status 400
    And the error message contains "Parameter is not a valid value for epoch seconds: xxx"

  @ACTV-016
  Scenario: count and docs together are rejected
    When I list the activations with the query "count=true&docs=true"
    Then the response is an error with status 400
    And the error message is "The parameter 'docs' is not permitted with 'count'."

  @any-runtime @ACTV-017
  Scenario: The result route returns the response of the record
    Given an action "hello" in the claimed runtime that returns its parameters
    When I invoke the action "hello" blocking with the body {"payload": "hi"}
    And I get the activation result
    Then the response status is 200
    And the response field "result" is the JSON {"payload": "hi"}
    And the response field "success" is true
    And the response field "status" is the string "success"
    And the response field "statusCode" is absent

  @runtime-nodejs @ACTV-018 @ACTV-019 @ACTV-020
  Scenario: Node.js console output appears in the logs
    Given a nodejs action "chatty" with code:
      """javascript
      function main() {
        console.log("hello");
        console.log("second line");
        console.error("oops");
        return {};
      }
      """
    When I invoke the action "chatty" blocking
    Then the response status is 200
    And the activation logs eventually contain the lines:
      | stream | message     |
      | stdout | hello       |
      | stdout | second line |
      | stderr | oops        |
    And the response field "logs" is a JSON array

  @runtime-python @ACTV-018 @ACTV-019 @ACTV-020
  Scenario: Python print output appears in the logs
    Given a python action "chatty-py" with code:
      """python
      import sys

      def main(args):
          print("hello")
          print("oops", file=sys.stderr)
          return {}
      """
    When I invoke the action "chatty-py" blocking
    Then the response status is 200
    And the activation logs eventually contain the lines:
      | stream | message |
      | stdout | hello   |
      | stderr | oops    |

  @runtime-nodejs @ACTV-024 @ACTV-018
  Scenario: An error thrown by a Node.js action appears in its logs
    Given a nodejs action "thrower" with code:
      """javascript
      function main() {
        throw new Error("no more coffee");
      }
      """
    When I invoke the action "thrower" blocking
    Then the response status is 502
    And the activation status is "action developer error"
    And the activation logs eventually contain the lines:
      | stream | message               |
      | stderr | Error: no more coffee |

  @runtime-nodejs @ACTV-025 @INV-012
  Scenario: A syntax error in Node.js code appears in the logs of its activation
    Given a nodejs action "unparsable" with code:
      """javascript
      function main(params {
        return params;
      }
      """
    When I invoke the action "unparsable" blocking
    Then the response status is 502
    And the activation status is "action developer error"
    And the activation result has an error message
    And the activation logs eventually contain lines starting with:
      | stream | start                                     |
      | stderr | Error during initialization: SyntaxError: |

  @runtime-python @ACTV-026 @ACTV-018
  Scenario: An exception raised by a Python action appears in its logs as a traceback
    Given a python action "divider" with code:
      """python
      def main(args):
          return {"ratio": 1 / 0}
      """
    When I invoke the action "divider" blocking
    Then the activation logs eventually contain the lines:
      | stream | message                             |
      | stderr | Traceback (most recent call last):  |
      | stderr | ZeroDivisionError: division by zero |

  @runtime-python @ACTV-027
  Scenario: A syntax error in Python code appears in the logs of its activation
    Given a python action "unparsable-py" with code:
      """python
      def main(args):
          return 1 +* 2
      """
    When I invoke the action "unparsable-py" blocking
    Then the response status is 502
    And the activation status is "action developer error"
    And the activation logs eventually contain the lines:
      | stream | message        |
      | stderr | invalid syntax |

  @ACTV-021
  Scenario Outline: An activation id of the wrong length is rejected
    When I <request> the activation with the id "0000000000000000000000000000000"
    Then the response is an error with status 400
    And the error message is "Activation id length is 31 but must be 32."

    Examples:
      | request           |
      | get               |
      | get the result of |
      | get the logs of   |

  @ACTV-022
  Scenario: An activation id that is not hexadecimal is rejected
    When I get the activation with the id "0000000000000000000000000000000z"
    Then the response is an error with status 400
    And the error message is "The activation id is not valid."

  @ACTV-023 @AUTH-009
  Scenario Outline: An unknown activation id is 404
    When I <request> the activation with the id "00000000000000000000000000000000"
    Then the response is an error with status 404
    And the error message is "The requested resource does not exist."

    Examples:
      | request           |
      | get               |
      | get the result of |
      | get the logs of   |

  @ACTV-009
  Scenario Outline: A name filter that names no action is rejected
    When I list the activations with the query "name=<name>"
    Then the response is an error with status 400
    And the error message contains "Parameter may be a 'simple' name or 'package-name/simple' name: <name>"

    Examples:
      | name  |
      | a/b/c |

  @any-runtime @ACTV-015
  Scenario: A list with docs=true holds full records
    Given an action "documented" in the claimed runtime that returns its parameters
    When I invoke the action "documented" blocking with the body {"full": true}
    And I list the activations of the action "documented" with the query "docs=true"
    Then the response is a JSON array of 1 entries
    And the response field "0.response.result.full" is true
    And the response field "0.logs" is a JSON array
    And the response field "0.name" is the name of "documented"

  @any-runtime @INV-018
  Scenario: The record of a blocking invoke has its logs as an array, possibly empty
    Given an action "talker" in the claimed runtime that returns its parameters
    When I invoke the action "talker" blocking
    Then the response status is 200
    And the response field "logs" is a JSON array

Feature: Sequences
  A sequence is an action of kind "sequence" whose components are fully qualified action names ("/ns/action",
  "_" standing for the caller's namespace). Invoking it runs the components in order, each result being the next
  component's input; the first error stops it. Its activation record lists the component activations in "logs", and
  each component activation names the sequence activation as its "cause".

  Every name below is made unique per scenario, and every entity a scenario creates is deleted afterwards.

  Scenarios tagged @requires-auth2 act as a second identity of another namespace, whose sequences may only use
  actions of my packages it may read; they are skipped, with the reason, when the suite has no second credential
  (brisk.auth2, --auth2 or BRISK_AUTH2).

  @sequences @SEQ-001
  Scenario: A sequence is stored with fully qualified components
    Given the action "first" exists
    And the action "second" exists
    When I create the sequence "pipeline" of the actions "first, second"
    Then the response is the action "pipeline"
    And the response field "exec.kind" is the string "sequence"
    And the sequence components are the actions "first, second" in the caller's namespace
    When I get the action "pipeline"
    Then the response is the action "pipeline"
    And the sequence components are the actions "first, second" in the caller's namespace

  @sequences @runtime-nodejs @SEQ-002 @SEQ-003
  Scenario: Each component's result is the next component's input
    Given a nodejs action "add-one" with code:
      """javascript
      function main(params) { return { n: params.n + 1 }; }
      """
    And a nodejs action "double" with code:
      """javascript
      function main(params) { return { n: params.n * 2 }; }
      """
    And the sequence "calc" of the actions "add-one, double, add-one"
    When I invoke the action "calc" blocking with the body {"n": 3}
    Then the response status is 200
    And the response is an activation of the action "calc"
    And the activation status is "success"
    And the activation result is {"n": 9}

  @sequences @runtime-nodejs @runtime-python @SEQ-003
  Scenario: A sequence can mix Node.js and Python components
    Given a nodejs action "greet-js" with code:
      """javascript
      function main(params) { return { text: "hello " + params.name }; }
      """
    And a python action "shout-py" with code:
      """python
      def main(args):
          return {"text": args["text"].upper()}
      """
    And the sequence "mixed" of the actions "greet-js, shout-py"
    When I invoke the action "mixed" blocking for the result with the body {"name": "ada"}
    Then the response status is 200
    And the response body is exactly the JSON {"text": "HELLO ADA"}

  @sequences @runtime-nodejs @SEQ-004 @SEQ-005
  Scenario: The sequence record lists its component activations, which name the sequence as their cause
    Given a nodejs action "add-one" with code:
      """javascript
      function main(params) { return { n: params.n + 1 }; }
      """
    And a nodejs action "double" with code:
      """javascript
      function main(params) { return { n: params.n * 2 }; }
      """
    And the sequence "calc" of the actions "add-one, double"
    When I invoke the action "calc" blocking with the body {"n": 1}
    Then the response status is 200
    When I get the activation record
    Then the response is the activation record of the action "calc"
    And the activation annotation "topmost" is true
    And the activation annotation "kind" is the string "sequence"
    And the response field "cause" is absent
    And the sequence activation lists the activations of the actions "add-one, double" in this order
    And each listed component activation has the sequence activation as its cause
    And each listed component activation has the annotation "causedBy" with the value "sequence"

  @sequences @runtime-nodejs @SEQ-006
  Scenario: A failing component stops the sequence with its error
    Given a nodejs action "add-one" with code:
      """javascript
      function main(params) { return { n: params.n + 1 }; }
      """
    And a nodejs action "fail" with code:
      """javascript
      function main(params) { return { error: "failed at " + params.n }; }
      """
    And the sequence "broken" of the actions "add-one, fail, add-one"
    When I invoke the action "broken" blocking with the body {"n": 1}
    Then the response status is 502
    And the activation status is "application error"
    And the activation result is {"error": "failed at 2"}
    When I get the activation record
    Then the response is the activation record of the action "broken"
    And the sequence activation lists the activations of the actions "add-one, fail" in this order

  @sequences @runtime-nodejs @SEQ-007
  Scenario: A nested sequence runs as one component of the outer sequence
    Given a nodejs action "add-one" with code:
      """javascript
      function main(params) { return { n: params.n + 1 }; }
      """
    And a nodejs action "double" with code:
      """javascript
      function main(params) { return { n: params.n * 2 }; }
      """
    And the sequence "inner" of the actions "double"
    And the sequence "outer" of the actions "add-one, inner, add-one"
    When I invoke the action "outer" blocking with the body {"n": 1}
    Then the response status is 200
    And the activation result is {"n": 5}
    When I get the activation record
    Then the activation annotation "topmost" is true
    And the sequence activation lists the activations of the actions "add-one, inner, add-one" in this order
    And each listed component activation has the sequence activation as its cause
    And the listed component activation 2 has the annotation "topmost" with the value false
    And the listed component activation 2 has the annotation "causedBy" with the value "sequence"

  @sequences @SEQ-008
  Scenario: A sequence longer than the target's maximum (OpenWhisk's 50) is rejected
    Given the action "step" exists
    When I create the sequence "too-long" of the action "step" repeated once more than the target's maximum sequence length
    Then the response is an error with status 400
    And the error message is "Too many actions in the sequence."
    When I create the sequence "longest" of the action "step" repeated the target's maximum sequence length times
    Then the response is the action "longest"

  @sequences @SEQ-009
  Scenario: A sequence without components is rejected
    When I create the sequence "hollow" of no actions
    Then the response is an error with status 400
    And the error message is "No component specified for the sequence."

  @sequences @SEQ-010
  Scenario: A sequence may not refer to itself
    Given the action "step" exists
    When I create the sequence "selfish" of the actions "step, selfish"
    Then the response is an error with status 400
    And the error message is "Sequence may not refer to itself."

  @sequences @SEQ-010
  Scenario: A sequence may not refer to itself through a nested sequence
    Given the action "inner" exists
    And the sequence "outer" of the actions "inner"
    When I update the action "inner" with overwrite to the sequence of the actions "outer"
    Then the response is an error with status 400
    And the error message is "Sequence may not refer to itself."

  @sequences @SEQ-011
  Scenario: A sequence with a missing component is rejected
    Given the action "step" exists
    When I create the sequence "dangling" of the actions "step, never-created"
    Then the response is an error with status 400
    And the error message is "Sequence component does not exist."

  @sequences @requires-auth2 @SEQ-013
  Scenario: A sequence may not use another namespace's private action
    Given the action "mine" exists
    When the second identity creates the sequence "borrowed" of my actions "mine"
    Then the response is an error with status 403
    And the error message contains "not authorized to access"

  @sequences @requires-auth2 @AUTH-013
  Scenario Outline: A sequence may not use an action of another namespace's package it cannot read, whether it exists or not
    Given the package "private" exists
    And the action "tool" exists in the package "private"
    And the public package "shared" exists
    And the public binding "public-binding" to the package "shared" exists
    When the second identity creates the sequence "borrowed" of the action "tool" in my package "<package>"
    Then the response is an error with status 403
    And the error message is "The supplied authentication is not authorized to access '{namespace}/{name:<package>}'." with the names filled in

    Examples:
      | package        |
      | private        |
      | never-created  |
      | public-binding |

  @sequences @requires-auth2 @AUTH-014 @SEQ-011
  Scenario: A sequence of an action a published package of another namespace lacks is a missing component
    Given the public package "shared" exists
    When the second identity creates the sequence "borrowed" of the action "never-created" in my package "shared"
    Then the response is an error with status 400
    And the error message is "Sequence component does not exist."

  @sequences @requires-auth2 @AUTH-013
  Scenario Outline: A sequence is refused when its component's package of another namespace is no longer readable
    The second identity's sequence uses an action of a public package of mine, which is then unpublished or
    deleted: invoking the sequence gets the same 403 either way, naming the package, and starts nothing.

    Given the public package "shared" exists
    And the action "tool" exists in the package "shared"
    And the second identity has made the sequence "borrowed" of the action "tool" in my package "shared"
    When I <change>
    Then the response status is 200
    When the second identity invokes its action "borrowed"
    Then the response is an error with status 403
    And the error message is "The supplied authentication is not authorized to access '{namespace}/{name:shared}'." with the names filled in

    Examples:
      | change                                 |
      | unpublish the package "shared"         |
      | delete the package "shared" with force |

  @sequences @runtime-nodejs @SEQ-012 @INV-004
  Scenario: A blocking sequence that outlasts its wait is accepted and completes later
    Given a nodejs action "slow" with code:
      """javascript
      function main() {
        return new Promise(resolve => setTimeout(() => resolve({ slept: true }), 3000));
      }
      """
    And the sequence "slow-seq" of the actions "slow"
    When I invoke the action "slow-seq" with the query "blocking=true&timeout=500"
    Then the response status is 202
    And the response only holds an activation id
    And the activation record eventually becomes available
    And the activation status is "success"
    And the activation result is {"slept": true}

  @sequences @runtime-nodejs @SEQ-014
  Scenario: A sequence's duration is the time of its components
    Given a nodejs action "slow-one" with code:
      """javascript
      function main(params) { return new Promise(done => setTimeout(() => done({ n: (params.n || 0) + 1 }), 300)); }
      """
    And the sequence "slow-pair" of the actions "slow-one, slow-one"
    When I invoke the action "slow-pair" blocking with the body {"n": 0}
    Then the response status is 200
    When I get the activation record
    Then the response is the activation record of the action "slow-pair"
    And the sequence activation lists the activations of the actions "slow-one, slow-one" in this order
    And the sequence activation's duration is the sum of its listed component activations' durations

  @sequences @packages @runtime-nodejs @SEQ-015
  Scenario: A sequence's components may be actions of a package or of a binding, with their parameters
    Given the package "kit" exists with parameters {"a": "package", "b": "package", "c": "package"}
    And a nodejs action "show" in the package "kit" with parameters {"a": "action"} and code:
      """javascript
      function main(p) { return { a: p.a, b: p.b, c: p.c, d: p.d === undefined ? null : p.d }; }
      """
    And the binding "my-kit" to the package "kit" exists with parameters {"b": "binding"}
    And the sequence "via-package" of the actions "kit/show"
    And the sequence "via-binding" of the actions "my-kit/show"
    When I invoke the action "via-package" blocking with the body {}
    Then the response status is 200
    And the activation result is {"a": "action", "b": "package", "c": "package", "d": null}
    When I invoke the action "via-binding" blocking with the body {"d": "input", "a": "input"}
    Then the response status is 200
    And the activation result is {"a": "input", "b": "binding", "c": "package", "d": "input"}

  @sequences @runtime-nodejs @SEQ-016
  Scenario: A component that exceeds its time limit ends the sequence
    Given a nodejs action "sleepy-step" with limits {"timeout": 1000} and code:
      """javascript
      function main(params) {
        if (params.warm) return { warm: true };
        return new Promise(resolve => setTimeout(() => resolve({ slept: true }), 3000));
      }
      """
    And a nodejs action "after-sleep" with code:
      """javascript
      function main(params) { return { ran: true }; }
      """
    And the sequence "sleepy-seq" of the actions "sleepy-step, after-sleep"
    # warmed first, so that a cold start's /init (which OpenWhisk counts against the limit) is not what times out
    When I invoke the action "sleepy-step" blocking with the body {"warm": true}
    Then the response status is 200
    When I invoke the action "sleepy-seq" blocking with the body {"n": 1}
    Then the response status is 502
    And the activation status is "action developer error"
    And the activation result is {"error": "The action exceeded its time limits of 1000 milliseconds."}
    And the sequence activation lists the activations of the actions "sleepy-step" in this order

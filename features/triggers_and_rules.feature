Feature: Triggers and rules
  A trigger (/api/v1/namespaces/{ns}/triggers/{name}) is fired with a POST and a JSON payload. Each active rule
  (/api/v1/namespaces/{ns}/rules/{name}) from the trigger to an action then invokes that action with the trigger's
  parameters merged with the payload. A fire with at least one active rule is accepted (202) and recorded as a
  trigger activation whose logs hold one JSON entry per rule; a fire without an active rule returns 204 and leaves
  no record. Rules are created active and are disabled and enabled with POST {"status": ...}.

  Every name below is made unique per scenario, and every trigger, rule and action a scenario creates is deleted
  afterwards (rules first).

  Scenarios tagged @requires-auth2 act as a second identity of another namespace, whose rules may only use actions
  of my packages it may read; they are skipped, with the reason, when the suite has no second credential
  (brisk.auth2, --auth2 or BRISK_AUTH2).

  Scenarios tagged @any-runtime run their action in whichever runtime the target claims (Node.js, else Python).

  @triggers @TRG-001
  Scenario: Create a trigger
    When I create the trigger "ticks"
    Then the response is the trigger "ticks"
    And the response field "version" is the string "0.0.1"
    And the response field "parameters" is the JSON []
    And the response field "limits" is a JSON object

  @triggers @TRG-001 @TRG-002 @TRG-004
  Scenario: Get and update a trigger
    When I create the trigger "ticks" with parameters {"a": "A"}
    Then the response is the trigger "ticks"
    And the response field "parameters" is the JSON [{"key": "a", "value": "A"}]
    When I get the trigger "ticks"
    Then the response is the trigger "ticks"
    And the response field "parameters" is the JSON [{"key": "a", "value": "A"}]
    When I update the trigger "ticks" with overwrite and parameters {"b": "B"}
    Then the response is the trigger "ticks"
    And the response field "version" is the string "0.0.2"
    And the response field "parameters" is the JSON [{"key": "b", "value": "B"}]
    When I get the trigger "ticks"
    Then the response field "version" is the string "0.0.2"
    And the response field "parameters" is the JSON [{"key": "b", "value": "B"}]

  @triggers @TRG-003
  Scenario: List triggers
    Given the trigger "one" exists
    And the trigger "two" exists
    When I list the triggers with the query "limit=200"
    Then the response status is 200
    And the response includes the triggers "one" and "two"
    When I list the triggers with the query "count=true"
    Then the response status is 200
    And the response field "triggers" is a number of at least 2

  @triggers @TRG-005 @TRG-006
  Scenario: Delete a trigger, after which it is gone
    Given the trigger "doomed" exists
    When I delete the trigger "doomed"
    Then the response is the trigger "doomed"
    When I get the trigger "doomed"
    Then the response is an error with status 404
    And the error message is "The requested resource does not exist."

  @triggers @TRG-006
  Scenario: Duplicate and missing triggers
    Given the trigger "ticks" exists
    When I create the trigger "ticks"
    Then the response is an error with status 409
    And the error message is "resource already exists"
    When I get the trigger "never-created"
    Then the response is an error with status 404
    And the error message is "The requested resource does not exist."
    When I delete the trigger "never-created"
    Then the response is an error with status 404
    And the error message is "The requested resource does not exist."
    When I fire the trigger "never-created" with {"x": 1}
    Then the response is an error with status 404
    And the error message is "The requested resource does not exist."

  @triggers @TRG-008
  Scenario: A trigger without rules fires to no effect
    Given the trigger "lonely" exists
    When I fire the trigger "lonely" with {"x": 1}
    Then the response is empty with status 204
    And no activation of the trigger "lonely" is recorded

  @triggers @rules @any-runtime @TRG-007 @TRG-009 @TRG-010 @RUL-007 @TRG-012
  Scenario: Firing a trigger with an active rule records the trigger activation and runs the action
    Given an action "echo" in the claimed runtime that returns its parameters
    And the trigger "ticks" exists
    And a rule "ticks-to-echo" from trigger "ticks" to action "echo"
    When I fire the trigger "ticks" with {"x": 42}
    Then the response status is 202
    And the response only holds an activation id
    When I get the activation record
    Then the response is the activation record of the action "ticks"
    And the activation status is "success"
    And the activation result is {"x": 42}
    And the response field "cause" is absent
    And the trigger activation logs hold exactly the rule entries:
      | rule         | action | statusCode | success |
      | ticks-to-echo | echo   | 0          | true    |
    When I get the action activation of the rule "ticks-to-echo"
    Then the response is the activation record of the action "echo"
    And the activation result includes {"x": 42}
    And the response field "cause" is absent

  @triggers @TRG-013
  Scenario: A fire declared as anything but JSON is refused, even without a body
    Given the trigger "picky" exists
    When I fire the trigger "picky" with the content type "application/x-www-form-urlencoded" and no body
    Then the response is an error with status 415
    And the error message contains "is not supported"

  @triggers @rules @TRG-009
  Scenario: A fire without a payload records an empty result
    Given the action "sink" exists
    And the trigger "ticks" exists
    And a rule "ticks-to-sink" from trigger "ticks" to action "sink"
    When I fire the trigger "ticks" without a body
    Then the response status is 202
    When I get the activation record
    Then the activation result is {}

  @triggers @rules @any-runtime @TRG-011
  Scenario: The fired action receives the trigger parameters merged with the payload
    Given an action "echo" in the claimed runtime that returns its parameters
    And the trigger "ticks" exists with parameters {"a": "trigger", "b": "trigger"}
    And a rule "ticks-to-echo" from trigger "ticks" to action "echo"
    When I fire the trigger "ticks" with {"b": "payload", "c": "payload"}
    Then the response status is 202
    When I get the action activation of the rule "ticks-to-echo"
    Then the activation result includes {"a": "trigger", "b": "payload", "c": "payload"}

  @triggers @rules @any-runtime @TRG-014
  Scenario: The fired action receives the fire's request headers in __ow_headers
    Given an action "echo" in the claimed runtime that returns its parameters
    And the trigger "ticks" exists
    And a rule "ticks-to-echo" from trigger "ticks" to action "echo"
    When I fire the trigger "ticks" with the header "X-Brisk-Probe: 1" and {"x": "payload"}
    Then the response status is 202
    When I get the action activation of the rule "ticks-to-echo"
    Then the activation result field "__ow_headers.x-brisk-probe" is the text "1"
    And the activation result field "x" is the text "payload"

  @rules @RUL-001 @RUL-002 @TRG-002
  Scenario: A new rule is active and shows on its trigger
    Given the action "sink" exists
    And the trigger "ticks" exists
    When I create the rule "ticks-to-sink" from trigger "ticks" to action "sink"
    Then the response is the rule "ticks-to-sink" from trigger "ticks" to action "sink"
    And the response field "status" is the string "active"
    And the response field "version" is the string "0.0.1"
    When I get the rule "ticks-to-sink"
    Then the response is the rule "ticks-to-sink" from trigger "ticks" to action "sink"
    And the response field "status" is the string "active"
    When I get the trigger "ticks"
    Then the trigger lists the rule "ticks-to-sink" to the action "sink" with the status "active"

  @rules @RUL-003
  Scenario: List rules
    Given the action "sink" exists
    And the trigger "ticks" exists
    And a rule "first-rule" from trigger "ticks" to action "sink"
    And a rule "second-rule" from trigger "ticks" to action "sink"
    When I list the rules with the query "limit=200"
    Then the response status is 200
    And the response includes the rules "first-rule" and "second-rule"

  @rules @RUL-004 @TRG-002
  Scenario: Disable and enable a rule
    Given the action "sink" exists
    And the trigger "ticks" exists
    And a rule "ticks-to-sink" from trigger "ticks" to action "sink"
    When I disable the rule "ticks-to-sink"
    Then the response status is 200
    When I get the rule "ticks-to-sink"
    Then the response field "status" is the string "inactive"
    When I get the trigger "ticks"
    Then the trigger lists the rule "ticks-to-sink" to the action "sink" with the status "inactive"
    When I disable the rule "ticks-to-sink"
    Then the response status is 200
    When I enable the rule "ticks-to-sink"
    Then the response status is 200
    When I get the rule "ticks-to-sink"
    Then the response field "status" is the string "active"
    When I enable the rule "ticks-to-sink"
    Then the response status is 200

  @rules @RUL-005
  Scenario: An unknown rule status is rejected and a missing rule cannot be enabled
    Given the action "sink" exists
    And the trigger "ticks" exists
    And a rule "ticks-to-sink" from trigger "ticks" to action "sink"
    When I set the status of the rule "ticks-to-sink" to "paused"
    Then the response is an error with status 400
    And the error message starts with "The request content was malformed:"
    And the error message contains "'paused' is not a recognized rule state, must be one of ['active', 'inactive']"
    When I enable the rule "never-created"
    Then the response is an error with status 404
    And the error message is "The requested resource does not exist."

  @rules @triggers @RUL-008 @TRG-008
  Scenario: An inactive rule does not fire
    Given the action "sink" exists
    And the trigger "ticks" exists
    And a rule "ticks-to-sink" from trigger "ticks" to action "sink"
    When I disable the rule "ticks-to-sink"
    Then the response status is 200
    When I fire the trigger "ticks" with {"x": 1}
    Then the response is empty with status 204
    And no activation of the trigger "ticks" is recorded

  @rules @triggers @RUL-008 @TRG-010
  Scenario: An inactive rule beside an active one is reported in the trigger activation logs
    Given the action "sink" exists
    And the action "other-sink" exists
    And the trigger "ticks" exists
    And a rule "active-rule" from trigger "ticks" to action "sink"
    And a rule "inactive-rule" from trigger "ticks" to action "other-sink"
    When I disable the rule "inactive-rule"
    Then the response status is 200
    When I fire the trigger "ticks" with {"x": 1}
    Then the response status is 202
    When I get the activation record
    Then the trigger activation logs hold exactly the rule entries:
      | rule          | action     | statusCode | success | error                                                                                  |
      | active-rule   | sink       | 0          | true    |                                                                                        |
      | inactive-rule | other-sink | 1          | false   | Rule '{namespace}/{name:inactive-rule}' is inactive, action '{namespace}/{name:other-sink}' was not activated. |

  @rules @any-runtime @RUL-009 @TRG-010
  Scenario: One trigger fires several actions
    Given an action "left" in the claimed runtime with parameters {"side": "left"} that returns its parameters
    And an action "right" in the claimed runtime with parameters {"side": "right"} that returns its parameters
    And the trigger "ticks" exists
    And a rule "to-left" from trigger "ticks" to action "left"
    And a rule "to-right" from trigger "ticks" to action "right"
    When I fire the trigger "ticks" with {"x": 7}
    Then the response status is 202
    When I get the activation record
    Then the trigger activation logs hold exactly the rule entries:
      | rule     | action | statusCode | success |
      | to-left  | left   | 0          | true    |
      | to-right | right  | 0          | true    |
    When I get the action activation of the rule "to-left"
    Then the activation result includes {"side": "left", "x": 7}
    When I get the action activation of the rule "to-right"
    Then the activation result includes {"side": "right", "x": 7}

  @rules @any-runtime @RUL-010
  Scenario: Several triggers fire one action
    Given an action "echo" in the claimed runtime that returns its parameters
    And the trigger "first" exists
    And the trigger "second" exists
    And a rule "first-to-echo" from trigger "first" to action "echo"
    And a rule "second-to-echo" from trigger "second" to action "echo"
    When I fire the trigger "first" with {"x": 1}
    Then the response status is 202
    When I get the action activation of the rule "first-to-echo"
    Then the response is the activation record of the action "echo"
    And the activation result includes {"x": 1}
    When I fire the trigger "second" with {"x": 2}
    Then the response status is 202
    When I get the action activation of the rule "second-to-echo"
    Then the response is the activation record of the action "echo"
    And the activation result includes {"x": 2}

  @rules @triggers @RUL-011 @TRG-010
  Scenario: A rule whose action was deleted reports the error in the trigger activation logs
    Given the action "sink" exists
    And the action "gone" exists
    And the trigger "ticks" exists
    And a rule "to-sink" from trigger "ticks" to action "sink"
    And a rule "to-gone" from trigger "ticks" to action "gone"
    When I delete the action "gone"
    Then the response status is 200
    When I fire the trigger "ticks" with {"x": 1}
    Then the response status is 202
    When I get the activation record
    Then the trigger activation logs hold exactly the rule entries:
      | rule    | action | statusCode | success | error                                  |
      | to-sink | sink   | 0          | true    |                                        |
      | to-gone | gone   | 1          | false   | The requested resource does not exist. |

  @rules @RUL-012
  Scenario: A rule needs an existing trigger and an existing action
    Given the action "sink" exists
    And the trigger "ticks" exists
    When I create the rule "no-trigger" from trigger "never-created" to action "sink"
    Then the response is an error with status 400
    And the error message is "trigger /{namespace}/{name:never-created} does not exist" with the names filled in
    When I create the rule "no-action" from trigger "ticks" to action "never-created"
    Then the response is an error with status 400
    And the error message is "action /{namespace}/{name:never-created} does not exist" with the names filled in

  @rules @requires-auth2 @AUTH-013
  Scenario Outline: A rule may not use an action of another namespace's package it cannot read, whether it exists or not
    Given the package "private" exists
    And the action "tool" exists in the package "private"
    And the public package "shared" exists
    And the public binding "public-binding" to the package "shared" exists
    And the second identity's trigger "ticks" exists
    When the second identity creates the rule "borrowed" from its trigger "ticks" to the action "tool" in my package "<package>"
    Then the response is an error with status 403
    And the error message is "The supplied authentication is not authorized to access '{namespace}/{name:<package>}'." with the names filled in

    Examples:
      | package        |
      | private        |
      | never-created  |
      | public-binding |

  @rules @requires-auth2 @AUTH-014 @RUL-012
  Scenario: A rule may use an action of a published package of another namespace, and one it lacks is missing
    Given the public package "shared" exists
    And the action "tool" exists in the package "shared"
    And the second identity's trigger "ticks" exists
    When the second identity creates the rule "borrowed" from its trigger "ticks" to the action "tool" in my package "shared"
    Then the response status is 200
    When the second identity creates the rule "dangling" from its trigger "ticks" to the action "never-created" in my package "shared"
    Then the response is an error with status 400
    And the error message is "action /{namespace}/{name:shared}/{name:never-created} does not exist" with the names filled in

  @rules @RUL-006 @TRG-008
  Scenario: A deleted rule no longer fires
    Given the action "sink" exists
    And the trigger "ticks" exists
    And a rule "ticks-to-sink" from trigger "ticks" to action "sink"
    When I delete the rule "ticks-to-sink"
    Then the response is the rule "ticks-to-sink" from trigger "ticks" to action "sink"
    When I get the rule "ticks-to-sink"
    Then the response is an error with status 404
    When I get the trigger "ticks"
    Then the trigger does not list the rule "ticks-to-sink"
    When I fire the trigger "ticks" with {"x": 1}
    Then the response is empty with status 204

  @rules @RUL-013
  Scenario: Updating a rule keeps its status
    Given the action "sink" exists
    And the trigger "ticks" exists
    And a rule "ticks-to-sink" from trigger "ticks" to action "sink"
    When I disable the rule "ticks-to-sink"
    Then the response status is 200
    When I update the rule "ticks-to-sink" with overwrite from trigger "ticks" to action "sink"
    Then the response is the rule "ticks-to-sink" from trigger "ticks" to action "sink"
    And the response field "status" is the string "inactive"
    When I get the rule "ticks-to-sink"
    Then the response field "status" is the string "inactive"

  @rules @RUL-014
  Scenario: Duplicate and missing rules
    Given the action "sink" exists
    And the trigger "ticks" exists
    And a rule "ticks-to-sink" from trigger "ticks" to action "sink"
    When I create the rule "ticks-to-sink" from trigger "ticks" to action "sink"
    Then the response is an error with status 409
    And the error message is "resource already exists"
    When I get the rule "never-created"
    Then the response is an error with status 404
    And the error message is "The requested resource does not exist."
    When I delete the rule "never-created"
    Then the response is an error with status 404
    And the error message is "The requested resource does not exist."

  @rules @triggers @packages @sequences @any-runtime @RUL-015
  Scenario: A rule may fire an action of a package, of a binding, or a sequence
    Given the package "kit" exists with parameters {"a": "package", "b": "package", "c": "package"}
    And an action "show" in the package "kit" in the claimed runtime with parameters {"a": "action"} that returns its parameters
    And the binding "my-kit" to the package "kit" exists with parameters {"b": "binding"}
    And the sequence "show-twice" of the actions "kit/show, kit/show"
    And the trigger "bell" exists
    And a rule "bell-to-package" from trigger "bell" to action "kit/show"
    And a rule "bell-to-binding" from trigger "bell" to action "my-kit/show"
    And a rule "bell-to-sequence" from trigger "bell" to action "show-twice"
    When I fire the trigger "bell" with {"d": "fired"}
    Then the response status is 202
    When I get the action activation of the rule "bell-to-package"
    Then the activation result includes {"a": "action", "b": "package", "c": "package", "d": "fired"}
    When I get the action activation of the rule "bell-to-binding"
    Then the activation result includes {"a": "action", "b": "binding", "c": "package", "d": "fired"}
    When I get the action activation of the rule "bell-to-sequence"
    Then the response is the activation record of the action "show-twice"
    And the activation result includes {"a": "action", "b": "package", "c": "package", "d": "fired"}

  @rules @triggers @RUL-016
  Scenario: A rule whose trigger was deleted cannot be enabled
    Given the action "sink" exists
    And the trigger "gone" exists
    And a rule "gone-to-sink" from trigger "gone" to action "sink"
    When I disable the rule "gone-to-sink"
    Then the response status is 200
    When I delete the trigger "gone"
    Then the response status is 200
    When I enable the rule "gone-to-sink"
    Then the response is an error with status 404
    And the error message is "Only rules with existing triggers can be activated"

  @rules @RUL-017
  Scenario: An update bumps the version of a rule and can move it to another trigger
    Given the action "sink" exists
    And the trigger "ticks" exists
    And the trigger "tocks" exists
    And a rule "ticks-to-sink" from trigger "ticks" to action "sink"
    When I update the rule "ticks-to-sink" with overwrite from trigger "tocks" to action "sink"
    Then the response is the rule "ticks-to-sink" from trigger "tocks" to action "sink"
    And the response field "version" is the string "0.0.2"
    When I get the rule "ticks-to-sink"
    Then the response is the rule "ticks-to-sink" from trigger "tocks" to action "sink"
    When I get the trigger "tocks"
    Then the trigger lists the rule "ticks-to-sink" to the action "sink" with the status "active"
    When I get the trigger "ticks"
    Then the trigger does not list the rule "ticks-to-sink"

  @rules @RUL-016
  Scenario: A rule whose trigger is gone can be disabled but not enabled
    Given the action "sink" exists
    And the trigger "ticks" exists
    And a rule "ticks-to-sink" from trigger "ticks" to action "sink"
    When I delete the trigger "ticks"
    Then the response status is 200
    When I get the rule "ticks-to-sink"
    Then the response field "status" is the string "inactive"
    When I enable the rule "ticks-to-sink"
    Then the response is an error with status 404
    And the error message is "Only rules with existing triggers can be activated"
    When I disable the rule "ticks-to-sink"
    Then the response status is 200

  @rules @triggers @RUL-018 @INV-028
  Scenario: A fire that names a parameter of a final action reports the error in the trigger activation logs
    Given the action "sink" exists
    When I create the action "sealed" with parameters {"x": "fixed"}
    Then the response status is 200
    When I update the action "sealed" with overwrite and the body {"annotations": [{"key": "final", "value": true}]}
    Then the response status is 200
    Given the trigger "ticks" exists
    And a rule "to-sink" from trigger "ticks" to action "sink"
    And a rule "to-sealed" from trigger "ticks" to action "sealed"
    When I fire the trigger "ticks" with {"x": "changed"}
    Then the response status is 202
    When I get the activation record
    Then the trigger activation logs hold exactly the rule entries:
      | rule      | action | statusCode | success | error                                                                        |
      | to-sink   | sink   | 0          | true    |                                                                              |
      | to-sealed | sealed | 1          | false   | Request defines parameters that are not allowed (e.g., reserved properties). |

Feature: Names shared across collections
  Actions, triggers, rules and packages of a namespace share one name space: a name used in one collection cannot
  be created, read or deleted through another collection; OpenWhisk answers 409 "Resource by this name exists but
  is not in this collection."

  Every name below is made unique per scenario, and every entity a scenario creates is deleted afterwards.

  @names @triggers @ACT-036
  Scenario: An action cannot take, read, invoke or delete the name of a trigger
    Given the trigger "taken" exists
    When I create the action "taken"
    Then the response is an error with status 409
    And the error message is "Resource by this name exists but is not in this collection."
    When I get the action "taken"
    Then the response is an error with status 409
    And the error message is "Resource by this name exists but is not in this collection."
    When I invoke the action "taken" blocking
    Then the response is an error with status 409
    And the error message is "Resource by this name exists but is not in this collection."
    When I delete the action "taken"
    Then the response is an error with status 409
    And the error message is "Resource by this name exists but is not in this collection."
    When I get the trigger "taken"
    Then the response is the trigger "taken"

  @names @triggers @rules @packages @ACT-041
  Scenario: A trigger, a rule or a package cannot take the name of an action
    Given the action "taken" exists
    And the trigger "ticks" exists
    When I create the trigger "taken"
    Then the response is an error with status 409
    And the error message is "Resource by this name exists but is not in this collection."
    When I create the package "taken"
    Then the response is an error with status 409
    And the error message is "Resource by this name exists but is not in this collection."
    When I create the rule "taken" from trigger "ticks" to action "taken"
    Then the response is an error with status 409
    And the error message is "Resource by this name exists but is not in this collection."
    When I get the action "taken"
    Then the response is the action "taken"

  @names @triggers @packages @ACT-042
  Scenario: Getting or deleting in the wrong collection is a conflict
    Given the action "thing" exists
    And the package "box" exists
    When I get the trigger "thing"
    Then the response is an error with status 409
    And the error message is "Resource by this name exists but is not in this collection."
    When I delete the trigger "thing"
    Then the response is an error with status 409
    And the error message is "Resource by this name exists but is not in this collection."
    When I get the rule "box"
    Then the response is an error with status 409
    And the error message is "Resource by this name exists but is not in this collection."
    When I delete the package "thing"
    Then the response is an error with status 409
    And the error message is "Resource by this name exists but is not in this collection."
    When I get the action "thing"
    Then the response is the action "thing"
    When I get the package "box"
    Then the response is the package "box"

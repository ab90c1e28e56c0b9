Feature: Conductor actions
  A conductor action is an action annotated "conductor: true". Invoking it runs a composition: the conductor runs on
  the input and returns either a final result or a continuation {action, params, state} naming the action to run
  next; that action runs on "params"; the conductor runs again on its result, with "state" merged in; and so on until
  a conductor result names no action. The composition's activation record lists every activation it made as its
  "logs", as a sequence's does. A target that runs compositions claims the category "conductor".

  Every name below is made unique per scenario; the code of a conductor writes {name:triple} for the action this
  scenario calls "triple", and the suite puts in its unique name ({namespace} likewise stands for the caller's).

  Background:
    Given a nodejs action "triple" with code:
      """javascript
      function main({ value }) { return { value: value * 3 }; }
      """
    And a nodejs action "increment" with code:
      """javascript
      function main({ value }) { return { value: value + 1 }; }
      """

  @conductor @runtime-nodejs @CND-001 @CND-002 @CND-005
  Scenario: The documentation's tripleAndIncrement runs triple, then increment
    Given a nodejs conductor action "tripleAndIncrement" with code:
      """javascript
      function main(params) {
        let step = params.$step || 0;
        delete params.$step;
        switch (step) {
          case 0: return { action: '{name:triple}', params, state: { $step: 1 } };
          case 1: return { action: '{name:increment}', params, state: { $step: 2 } };
          case 2: return { params };
        }
      }
      """
    When I invoke the action "tripleAndIncrement" blocking with the body {"value": 3}
    Then the response status is 200
    And the response is an activation of the action "tripleAndIncrement"
    And the activation status is "success"
    And the activation result is {"value": 10}
    And the activation annotation "conductor" is true
    And the activation annotation "kind" is the string "sequence"
    And the activation annotation "topmost" is true
    And the sequence activation lists the activations of the actions "tripleAndIncrement, triple, tripleAndIncrement, increment, tripleAndIncrement" in this order
    And each listed component activation has the sequence activation as its cause

  @conductor @runtime-nodejs @CND-003
  Scenario: A conductor that names no action ends the composition with its whole result
    Given a nodejs conductor action "direct" with code:
      """javascript
      function main(params) { return { answer: params.question * 2 }; }
      """
    When I invoke the action "direct" blocking with the body {"question": 21}
    Then the response status is 200
    And the activation status is "success"
    And the activation result is {"answer": 42}
    And the sequence activation lists the activations of the actions "direct" in this order

  @conductor @runtime-nodejs @CND-004 @CND-005
  Scenario: Params and state that are not dictionaries are boxed
    Given a nodejs action "echo" with code:
      """javascript
      function main(params) { return params; }
      """
    And a nodejs conductor action "boxer" with code:
      """javascript
      function main(params) {
        if (params.state === undefined) return { action: '{name:echo}', params: 7, state: 'kept' };
        return { params: [params.value, params.state] };
      }
      """
    When I invoke the action "boxer" blocking with the body {}
    Then the response status is 200
    And the activation status is "success"
    And the activation result is {"value": [7, "kept"]}

  @conductor @runtime-nodejs @CND-006
  Scenario: A component that does not exist is reported to the conductor, which decides
    Given a nodejs conductor action "seeker" with code:
      """javascript
      function main(params) {
        if (params.error) return { params: { reported: params.error, kept: params.kept } };
        return { action: 'no-such-action-{name:missing}', state: { kept: true } };
      }
      """
    When I invoke the action "seeker" blocking with the body {}
    Then the response status is 200
    And the activation status is "success"
    And the activation result field "reported" is the text "Failed to resolve action with name '/{namespace}/no-such-action-{name:missing}' during composition."
    And the response field "response.result.kept" is true
    And the sequence activation lists the activations of the actions "seeker, seeker" in this order

  @conductor @runtime-nodejs @CND-006
  Scenario: An action name that is not a string is reported to the conductor
    Given a nodejs conductor action "parser" with code:
      """javascript
      function main(params) {
        if (params.error) return { params: { reported: params.error } };
        return { action: 42 };
      }
      """
    When I invoke the action "parser" blocking with the body {}
    Then the response status is 200
    And the activation result is {"reported": "Failed to parse action name from json value 42 during composition."}

  @conductor @runtime-nodejs @CND-007
  Scenario: A conductor error ends the composition with that error
    Given a nodejs conductor action "failing" with code:
      """javascript
      function main(params) {
        if (params.value === undefined) return { action: '{name:triple}', params: { value: 1 } };
        return { error: 'stopped at ' + params.value };
      }
      """
    When I invoke the action "failing" blocking with the body {}
    Then the response status is 502
    And the activation status is "application error"
    And the activation result is {"error": "stopped at 3"}
    And the sequence activation lists the activations of the actions "failing, triple, failing" in this order

  @conductor @runtime-nodejs @CND-008
  Scenario: A composition runs at most as many components as a sequence may hold
    Given a nodejs action "noop" with code:
      """javascript
      function main() { return { ran: true }; }
      """
    And a nodejs conductor action "endless" with code:
      """javascript
      function main(params) {
        const count = (params.count || 0) + (params.ran ? 1 : 0);
        if (params.error) return { params: { stopped: params.error, count } };
        return { action: '{name:noop}', state: { count } };
      }
      """
    When I invoke the action "endless" blocking with the body {}
    Then the response status is 200
    And the response field "response.result.stopped" is the string "Too many actions in the composition."
    And the activation result field "count" is the target's maximum sequence length

  @conductor @runtime-nodejs @CND-009
  Scenario: A sequence annotated as a conductor runs as a sequence
    Given a sequence "pipeline" of the actions "triple, increment" annotated as a conductor
    When I invoke the action "pipeline" blocking with the body {"value": 2}
    Then the response status is 200
    And the activation result is {"value": 7}
    And the sequence activation lists the activations of the actions "triple, increment" in this order

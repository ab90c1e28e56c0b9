Feature: Feeds and the alarms package
  A feed connects a trigger to a stream of events. The client runs the feed protocol: `wsk trigger create T --feed
  /whisk.system/alarms/alarm -p cron ...` creates the trigger with a "feed" annotation, then invokes the feed action
  blocking with lifecycleEvent CREATE, the trigger's name and the caller's key; READ and DELETE follow the same way.
  A target that installs the whisk.system/alarms package claims the category "feeds".

  @FEED-002
  Scenario: A feed annotation that names no entity is refused
    When I create the trigger "badly-fed" with the feed annotation "nothing"
    Then the response is an error with status 400
    And the error message is "Feed name is not valid"

  @feeds @FEED-003
  Scenario: The alarms package is listed for any namespace
    When I list the packages of the namespace "whisk.system"
    Then the response status is 200
    And the list holds the public packages "alarms"

  @feeds @any-runtime @FEED-001 @FEED-004 @FEED-008 @FEED-009
  Scenario: An alarm every second fires its trigger until the feed is deleted
    Given I create the trigger "every-second-fed" with the feed annotation "/whisk.system/alarms/alarm"
    And an action "on-tick" in the claimed runtime that returns its parameters
    And a rule "tick-rule" from trigger "every-second-fed" to action "on-tick"
    When I call the feed "/whisk.system/alarms/alarm" with "CREATE" for the trigger "every-second-fed" and the parameters {"cron": "*/1 * * * * *", "trigger_payload": "tick"}
    Then the response status is 200
    And the activation result is {"status": "success"}
    And the trigger "every-second-fed" is eventually fired at least 2 times
    When I call the feed "/whisk.system/alarms/alarm" with "READ" for the trigger "every-second-fed"
    Then the response status is 200
    And the activation result field "config.cron" is the text "*/1 * * * * *"
    When I call the feed "/whisk.system/alarms/alarm" with "DELETE" for the trigger "every-second-fed"
    Then the response status is 200
    And the trigger "every-second-fed" is fired no more within 3 seconds

  @feeds @FEED-005
  Scenario Outline: The alarm feed refuses <case>
    Given I create the trigger "refused-feed" with the feed annotation "/whisk.system/alarms/alarm"
    When I call the feed "/whisk.system/alarms/alarm" with "CREATE" for the trigger "refused-feed" and the parameters <parameters>
    Then the response status is 502
    And the activation result field "error" is the text "<error>"

    Examples:
      | case                    | parameters                                     | error                                                  |
      | a missing cron          | {}                                             | alarms trigger feed is missing the cron parameter      |
      | an unparsable cron      | {"cron": "every day"}                          | cron pattern 'every day' is not valid                  |
      | an unknown time zone    | {"cron": "0 * * * *", "timezone": "Mars/Base"} | Invalid timezone.                                      |
      | maxTriggers with a stop | {"cron": "0 * * * *", "maxTriggers": 3, "stopDate": "2999-01-01T00:00:00Z"} | maxTriggers is not allowed when the stopDate parameter is specified |

  @feeds @FEED-005 @FEED-010
  Scenario: The alarm feed checks a CREATE's parameters before its key
    Given I create the trigger "keyless-fed" with the feed annotation "/whisk.system/alarms/alarm"
    When I call the feed "/whisk.system/alarms/alarm" with "CREATE" for the trigger "keyless-fed" with a key nobody holds and the parameters {"cron": "every day"}
    Then the response status is 502
    And the activation result field "error" is the text "cron pattern 'every day' is not valid"
    When I call the feed "/whisk.system/alarms/alarm" with "CREATE" for the trigger "keyless-fed" with a key nobody holds and the parameters {"cron": "0 * * * *"}
    Then the response status is 502
    And the activation result field "error" is the text "Trigger authentication request failed."

  @feeds @FEED-005
  Scenario: A feed call without a trigger name fails the trigger's authentication
    When I call the feed "/whisk.system/alarms/alarm" with "CREATE" without a trigger name and the parameters {"cron": "0 0 1 1 *"}
    Then the response status is 502
    And the activation result field "error" is the text "Trigger authentication request failed."

  @feeds @FEED-006
  Scenario: The interval feed needs a positive number of minutes
    Given I create the trigger "interval-fed" with the feed annotation "/whisk.system/alarms/interval"
    When I call the feed "/whisk.system/alarms/interval" with "CREATE" for the trigger "interval-fed" and the parameters {"minutes": -2}
    Then the response status is 502
    And the activation result field "error" is the text "the minutes parameter must be an integer greater than zero"

  @feeds @FEED-007
  Scenario: The once feed needs a date
    Given I create the trigger "once-fed" with the feed annotation "/whisk.system/alarms/once"
    When I call the feed "/whisk.system/alarms/once" with "CREATE" for the trigger "once-fed" and the parameters {}
    Then the response status is 502
    And the activation result field "error" is the text "alarms once trigger feed is missing the date parameter"

  @feeds @FEED-012
  Scenario: An UPDATE changes only the parameters it gives
    Given I create the trigger "updated-fed" with the feed annotation "/whisk.system/alarms/alarm"
    When I call the feed "/whisk.system/alarms/alarm" with "CREATE" for the trigger "updated-fed" and the parameters {"cron": "0 0 1 1 *", "trigger_payload": "kept"}
    Then the response status is 200
    When I call the feed "/whisk.system/alarms/alarm" with "UPDATE" for the trigger "updated-fed" and the parameters {"cron": "30 0 1 1 *"}
    Then the response status is 200
    And the activation result is {"status": "success"}
    When I call the feed "/whisk.system/alarms/alarm" with "READ" for the trigger "updated-fed"
    Then the response status is 200
    And the activation result field "config.cron" is the text "30 0 1 1 *"
    And the activation result field "config.payload.payload" is the text "kept"
    When I call the feed "/whisk.system/alarms/alarm" with "UPDATE" for the trigger "updated-fed" and the parameters {"maxTriggers": 5}
    Then the response status is 502
    And the activation result field "error" is the text "no updatable parameters were specified"
    When I call the feed "/whisk.system/alarms/alarm" with "UPDATE" for the trigger "updated-fed" and the parameters {"timezone": "Mars/Base"}
    Then the response status is 502
    And the activation result field "error" is the text "Invalid timezone."
    When I call the feed "/whisk.system/alarms/alarm" with "READ" for the trigger "updated-fed"
    Then the activation result field "config.cron" is the text "30 0 1 1 *"
    When I call the feed "/whisk.system/alarms/alarm" with "DELETE" for the trigger "updated-fed"
    Then the response status is 200

Feature: The catalog
  OpenWhisk deployments keep a catalog of public packages in the whisk.system namespace: utils (echo, cat, sort,
  head, split, smash, date, namespace, hosturl) and samples (helloWorld, greeting, wordCount, curl). Any namespace
  lists them and calls their actions by their fully qualified names, alone or in its own sequences. A target that
  installs the catalog claims the category "catalog".

  @catalog @CAT-001
  Scenario: The catalog's packages are listed for any namespace
    When I list the packages of the namespace "whisk.system"
    Then the response status is 200
    And the list holds the public packages "utils, samples"

  @catalog @runtime-nodejs @CAT-002
  Scenario: echo returns what it is given
    When I invoke "/whisk.system/utils/echo" blocking with the body {"payload": "Five fuzzy felines"}
    Then the response status is 200
    And the activation result is {"payload": "Five fuzzy felines"}

  @catalog @runtime-nodejs @CAT-003
  Scenario Outline: <action> answers its documented example
    Then the action "<action>" answers its sampleInput with its sampleOutput

    Examples:
      | action                      |
      | /whisk.system/utils/echo    |
      | /whisk.system/utils/cat     |
      | /whisk.system/utils/smash   |
      | /whisk.system/utils/split   |
      | /whisk.system/utils/sort    |
      | /whisk.system/utils/head    |
      | /whisk.system/samples/greeting  |
      | /whisk.system/samples/wordCount |

  @catalog @runtime-nodejs @CAT-004
  Scenario: split and sort of the catalog in a sequence of my own
    Given the sequence "split-sort" of the catalog actions "/whisk.system/utils/split, /whisk.system/utils/sort"
    When I invoke the action "split-sort" blocking with the body {"payload": "c,a,b", "separator": ","}
    Then the response status is 200
    And the activation result is {"lines": ["a", "b", "c"], "length": 3}

  @catalog @runtime-nodejs @CAT-005
  Scenario: date answers the current date and time
    When I invoke "/whisk.system/utils/date" blocking with the body {}
    Then the response status is 200
    And the activation result field "date" is a date and time

  @catalog @runtime-nodejs @CAT-005
  Scenario: namespace answers the namespace of the caller
    When I invoke "/whisk.system/utils/namespace" blocking with the body {}
    Then the response status is 200
    And the activation result field "namespace" is the caller's namespace

  @catalog @runtime-nodejs @CAT-005
  Scenario: hosturl answers the URL of a web action of the caller's namespace
    When I invoke "/whisk.system/utils/hosturl" blocking with the body {"web": true, "path": "utils/echo"}
    Then the response status is 200
    And the activation result field "url" is a host followed by "/api/v1/web/$NS/utils/echo"

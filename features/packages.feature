Feature: Packages and bindings
  A package (/api/v1/namespaces/{ns}/packages/{name}) groups actions (/api/v1/namespaces/{ns}/actions/{pkg}/{action})
  and lends them its parameters. A binding is a package that refers to another package and overrides its
  parameters; actions are invoked through it but cannot be created or deleted through it. A published package
  (publish: true) can be read, invoked and bound from other namespaces.

  Scenarios tagged @requires-auth2 act as a second identity of another namespace; they are skipped, with the reason,
  when the suite has no second credential (brisk.auth2, --auth2 or BRISK_AUTH2).

  Scenarios tagged @any-runtime run their action in whichever runtime the target claims (Node.js, else Python).

  Every name below is made unique per scenario, and every package a scenario creates is deleted afterwards with
  force=true (which also deletes its actions).

  @packages @PKG-001 @PKG-002
  Scenario: Create and get a package
    When I create the package "tools"
    Then the response is the package "tools"
    And the response field "version" is the string "0.0.1"
    And the response field "publish" is false
    And the response field "binding" is the JSON {}
    And the response field "parameters" is the JSON []
    When I get the package "tools"
    Then the response is the package "tools"
    And the response field "actions" is the JSON []
    And the response field "feeds" is a JSON array

  @packages @PKG-003 @PKG-004
  Scenario: List and update packages
    Given the package "tools" exists
    And the package "toys" exists
    When I list the packages with the query "limit=200"
    Then the response status is 200
    And the response includes the packages "tools" and "toys"
    And the listed package "tools" is not a binding
    When I update the package "tools" with overwrite and parameters {"colour": "red"}
    Then the response is the package "tools"
    And the response field "version" is the string "0.0.2"
    And the response field "parameters" is the JSON [{"key": "colour", "value": "red"}]

  @packages @PKG-005 @PKG-016
  Scenario: Delete an empty package, and duplicate and missing packages
    Given the package "tools" exists
    When I create the package "tools"
    Then the response is an error with status 409
    And the error message is "resource already exists"
    When I delete the package "tools"
    Then the response is the package "tools"
    When I get the package "tools"
    Then the response is an error with status 404
    When I delete the package "never-created"
    Then the response is an error with status 404

  @packages @PKG-006
  Scenario: The package name "default" is reserved
    When I create a package with the literal name "default"
    Then the response is an error with status 400
    And the error message is "Package name 'default' is reserved."

  @packages @PKG-007
  Scenario: An action can be created, read and listed in a package
    Given the package "tools" exists
    When I create the action "hammer" in the package "tools"
    Then the response is the action "hammer" in the package "tools"
    When I get the action "hammer" in the package "tools"
    Then the response is the action "hammer" in the package "tools"
    When I get the package "tools"
    Then the package lists the action "hammer"

  @packages @any-runtime @PKG-007 @PKG-008
  Scenario: An action in a package is invoked with the package parameters
    Given the package "tools" exists with parameters {"p": "package", "q": "package", "r": "package"}
    And an action "show" in the package "tools" in the claimed runtime with parameters {"q": "action", "r": "action"} that returns its parameters
    When I invoke the action "show" in the package "tools" blocking with the body {"r": "invoke"}
    Then the response status is 200
    And the activation result is {"p": "package", "q": "action", "r": "invoke"}
    And the activation annotation "path" is the path of the action "show" in the package "tools"

  @packages @PKG-009
  Scenario: A package with actions is deleted only with force
    Given the package "tools" exists
    And the action "hammer" exists in the package "tools"
    When I delete the package "tools"
    Then the response is an error with status 409
    And the error message is "Package not empty (contains 1 entity). Set force param or delete package contents."
    When I get the action "hammer" in the package "tools"
    Then the response is the action "hammer" in the package "tools"
    When I delete the package "tools" with force
    Then the response status is 200
    When I get the package "tools"
    Then the response is an error with status 404
    When I get the action "hammer" in the package "tools"
    Then the response is an error with status 404

  @packages @PKG-010
  Scenario: Create a binding
    Given the package "tools" exists
    And the action "hammer" exists in the package "tools"
    When I create the binding "my-tools" to the package "tools"
    Then the response is the binding "my-tools" to the package "tools"
    When I get the package "my-tools"
    Then the response is the binding "my-tools" to the package "tools"
    And the package lists the action "hammer"

  @packages @any-runtime @PKG-011
  Scenario: An action invoked through a binding gets the binding's parameters and annotation
    Given the package "tools" exists with parameters {"p": "package", "q": "package"}
    And an action "show" in the package "tools" in the claimed runtime with parameters {} that returns its parameters
    And the binding "my-tools" to the package "tools" exists with parameters {"q": "binding"}
    When I invoke the action "show" in the package "my-tools" blocking with the body {}
    Then the response status is 200
    And the activation result is {"p": "package", "q": "binding"}
    When I get the activation record
    Then the activation annotation "binding" is the qualified name of "my-tools"
    When I get the action "show" in the package "my-tools"
    Then the response status is 200
    And the response field "name" is the name of "show"

  @packages @PKG-012
  Scenario: Invalid bindings are rejected
    Given the package "tools" exists
    And the binding "my-tools" to the package "tools" exists
    When I create the binding "dangling" to the package "never-created"
    Then the response is an error with status 400
    And the error message is "Binding references a package that does not exist."
    When I create the binding "double" to the package "my-tools"
    Then the response is an error with status 400
    And the error message is "Cannot bind to another package binding."
    Given the action "not-a-package" exists
    When I create the binding "to-action" to the package "not-a-package"
    Then the response is an error with status 409
    And the error message is "Cannot bind to a resource that is not a package."
    Given the package "plain" exists
    When I update the package "plain" with overwrite to a binding to the package "tools"
    Then the response is an error with status 409
    And the error message is "Resource is a package and cannot be converted into a binding."

  @packages @PKG-013
  Scenario: Actions cannot be created or deleted through a binding
    Given the package "tools" exists
    And the action "hammer" exists in the package "tools"
    And the binding "my-tools" to the package "tools" exists
    When I create the action "saw" in the package "my-tools"
    Then the response is an error with status 400
    And the error message is "Operation not permitted on package binding."
    When I delete the action "hammer" in the package "my-tools"
    Then the response is an error with status 400
    And the error message is "Operation not permitted on package binding."
    When I get the action "hammer" in the package "tools"
    Then the response is the action "hammer" in the package "tools"
    When I get the action "saw" in the package "tools"
    Then the response is an error with status 404

  @packages @requires-auth2 @PKG-014
  Scenario: A public package is readable from another namespace, a private one is not
    Given the public package "shared" exists
    And the action "tool" exists in the package "shared"
    And the package "private" exists
    When the second identity gets the package "shared" of my namespace
    Then the response is the package "shared"
    And the response field "publish" is true
    And the package lists the action "tool"
    When the second identity lists the packages of my namespace
    Then the response status is 200
    And the response includes the package "shared"
    And the response does not include the package "private"
    When the second identity gets the package "private" of my namespace
    Then the response is an error with status 403

  @packages @runtime-nodejs @requires-auth2 @PKG-015
  Scenario: A public package's actions can be invoked and bound from another namespace
    Given the public package "shared" exists with parameters {"greeting": "hello"}
    And a nodejs action "greet" in the package "shared" with parameters {} and code:
      """javascript
      function main(params) { return { text: params.greeting + " " + params.name }; }
      """
    When the second identity invokes the action "greet" in the package "shared" of my namespace blocking for the result with the body {"name": "bob"}
    Then the response status is 200
    And the response body is exactly the JSON {"text": "hello bob"}
    When the second identity binds "my-shared" to the package "shared" of my namespace with parameters {"greeting": "hi"}
    Then the response status is 200
    When the second identity invokes the action "greet" in its package "my-shared" blocking for the result with the body {"name": "bob"}
    Then the response status is 200
    And the response body is exactly the JSON {"text": "hi bob"}

  @packages @requires-auth2 @AUTH-012
  Scenario Outline: Another namespace's private package, its binding and a missing package are refused alike
    A package of another namespace is readable only when it is published and is not a binding. Whether a private
    package, a binding or nothing at all is behind the name, every request gets the same 403 and the same text,
    naming the package: the answers tell nothing about what exists there.

    Given the package "private" exists
    And the action "tool" exists in the package "private"
    And the public package "shared" exists
    And the action "tool" exists in the package "shared"
    And the public binding "public-binding" to the package "shared" exists
    When the second identity gets the package "<package>" of my namespace
    Then the response is an error with status 403
    And the error message is "The supplied authentication is not authorized to access '{namespace}/{name:<package>}'." with the names filled in
    When the second identity gets the action "tool" in the package "<package>" of my namespace
    Then the response is an error with status 403
    And the error message is "The supplied authentication is not authorized to access '{namespace}/{name:<package>}'." with the names filled in
    When the second identity lists the actions of the package "<package>" of my namespace
    Then the response is an error with status 403
    And the error message is "The supplied authentication is not authorized to access '{namespace}/{name:<package>}'." with the names filled in
    When the second identity invokes the action "tool" in the package "<package>" of my namespace
    Then the response is an error with status 403
    And the error message is "The supplied authentication is not authorized to access '{namespace}/{name:<package>}'." with the names filled in
    When the second identity binds "borrowed" to the package "<package>" of my namespace
    Then the response is an error with status 403
    And the error message is "The supplied authentication is not authorized to access '{namespace}/{name:<package>}'." with the names filled in

    Examples:
      | package        |
      | private        |
      | never-created  |
      | public-binding |

  @packages @requires-auth2 @AUTH-014
  Scenario: A published package of another namespace reports an action it lacks as missing
    Given the public package "shared" exists
    When the second identity gets the action "never-created" in the package "shared" of my namespace
    Then the response is an error with status 404
    And the error message is "The requested resource does not exist."
    When the second identity invokes the action "never-created" in the package "shared" of my namespace
    Then the response is an error with status 404
    And the error message is "The requested resource does not exist."

  @packages @requires-auth2 @AUTH-015
  Scenario Outline: A binding to another namespace's package that is no longer readable is refused under its own name
    The second identity binds to a public package of mine, which is then unpublished or deleted: its binding, and
    the actions through it, get the same 403 either way, naming the binding.

    Given the public package "shared" exists
    And the action "tool" exists in the package "shared"
    And the second identity has bound "my-shared" to the package "shared" of my namespace
    When I <change>
    Then the response status is 200
    When the second identity gets its package "my-shared"
    Then the response is an error with status 403
    And the error message is "The supplied authentication is not authorized to access '{namespace2}/{name:my-shared}'." with the names filled in
    When the second identity gets the action "tool" in its package "my-shared"
    Then the response is an error with status 403
    And the error message is "The supplied authentication is not authorized to access '{namespace2}/{name:my-shared}'." with the names filled in
    When the second identity invokes the action "tool" in its package "my-shared"
    Then the response is an error with status 403
    And the error message is "The supplied authentication is not authorized to access '{namespace2}/{name:my-shared}'." with the names filled in

    Examples:
      | change                                 |
      | unpublish the package "shared"         |
      | delete the package "shared" with force |

  @packages @requires-auth2 @AUTH-016 @PKG-014
  Scenario: Another namespace's package list shows its published packages, not its bindings
    Given the public package "shared" exists
    And the public binding "public-binding" to the package "shared" exists
    When the second identity lists the packages of my namespace
    Then the response status is 200
    And the response includes the package "shared"
    And the response does not include the package "public-binding"

  @packages @PKG-012
  Scenario: A binding to an action is refused
    Given the action "hammer" exists
    When I create the binding "kit" to the package "hammer"
    Then the response is an error with status 409
    And the error message is "Cannot bind to a resource that is not a package."
    When I get the package "kit"
    Then the response is an error with status 404

  @packages @ACT-047
  Scenario: Packaged actions are listed with the namespace's actions, and a package lists its own
    Given the package "tools" exists
    And the action "hammer" exists in the package "tools"
    And the action "loose" exists
    And the binding "kit" to the package "tools" exists
    When I list the actions with the query "limit=200"
    Then the response status is 200
    And the response includes the action "hammer"
    And the response includes the action "loose"
    When I send GET "/api/v1/namespaces/{ns}/actions/{name:tools}/"
    Then the response status is 200
    And the response is a JSON array of 1 entries
    And the response includes the action "hammer"
    When I send GET "/api/v1/namespaces/{ns}/actions/{name:kit}/"
    Then the response status is 200
    And the response is a JSON array of 1 entries
    And the response includes the action "hammer"

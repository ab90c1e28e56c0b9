Feature: API routes
  OpenWhisk's API gateway serves a namespace's web actions at routes of its own: `wsk api create` and the npm
  client's `routes` call the route management (whisk.system/apimgmt createApi, getApi, deleteApi) with the caller's
  credentials, and the answer names the URL the routes are served at (gwApiUrl). A target that serves API routes
  claims the category "api-gateway"; its scenarios also need Node.js.

  Background:
    Given a nodejs web action "hello" with code:
      """
      function main(params) { return { greeting: 'hello ' + (params.name || 'world') } }
      """

  @api-gateway @runtime-nodejs @APIGW-001
  Scenario: Creating a route answers the API as a swagger document with where it is served
    When I create the route "/hello" "/world" get to the action "hello" with the response type "json"
    Then the response status is 200
    And the response's gwApiUrl serves the API "/hello"
    And the operation get "/world" of the API runs the action "hello"

  @api-gateway @runtime-nodejs @APIGW-002
  Scenario: A route answers its verb with the web action's result and no other verb
    When I create the route "/hello" "/world" get to the action "hello" with the response type "json"
    And I send GET to the route "/world?name=route" of the API "/hello"
    Then the response status is 200
    And the response body is exactly the JSON {"greeting": "hello route"}
    When I send POST to the route "/world" of the API "/hello"
    Then the response status is 404
    When I send GET to the route "/elsewhere" of the API "/hello"
    Then the response status is 404

  @api-gateway @runtime-nodejs @APIGW-003
  Scenario: A route with a path parameter and the response type http sees its path in __ow_path
    Given a nodejs web action "book" with code:
      """
      function main(params) { return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: { path: params.__ow_path } } }
      """
    When I create the route "/club" "/books/{isbn}" get to the action "book" with the response type "http"
    And I send GET to the route "/books/978-3" of the API "/club"
    Then the response status is 200
    And the response field "path" is the path "/books/978-3" of the API "/club"

  @api-gateway @runtime-nodejs @APIGW-004
  Scenario: A route answers a CORS preflight
    When I create the route "/hello" "/world" get to the action "hello" with the response type "json"
    And I send a preflight for GET to the route "/world" of the API "/hello"
    Then the response status is 200
    And the response header "Access-Control-Allow-Origin" is "*"
    And the response has the header "Access-Control-Allow-Methods" containing "GET"

  @api-gateway @runtime-nodejs @APIGW-005
  Scenario: APIs are listed and deleted, and a deleted route no longer answers
    When I create the route "/hello" "/world" get to the action "hello" with the response type "json"
    And I list the APIs
    Then the response status is 200
    And the listed APIs include "/hello"
    When I delete the API "/hello"
    Then the response status is 200
    When I send GET to the route "/world" of the API "/hello"
    Then the response status is 404
    When I list the APIs
    Then the listed APIs do not include "/hello"

  @api-gateway @runtime-nodejs @APIGW-006
  Scenario: A route to another namespace's action is refused
    When I create the route "/x" "/y" get to the action "echo" of the namespace "whisk.system"
    Then the response is an error with status 403

  @api-gateway @runtime-nodejs @APIGW-007
  Scenario Outline: A client's X-Forwarded-Proto "<proto>" does not choose the scheme of gwApiUrl
    When I create the route "/hello" "/world" get to the action "hello" with the response type "json"
    Then the response status is 200
    When I create the route "/hello" "/world" get to the action "hello" again, sending the header "X-Forwarded-Proto" "<proto>"
    Then the response status is 200
    And the response's gwApiUrl is the one the API "/hello" had before

    Examples:
      | proto      |
      | https      |
      | http       |
      | javascript |

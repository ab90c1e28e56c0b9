Feature: Web actions
  An action annotated web-export: true is reachable without credentials at
  /api/v1/web/{namespace}/{package|default}/{action}.{json|http|html|text|svg}, where {namespace} is the owner's
  namespace name (GET /api/v1/namespaces). The action receives the HTTP context (__ow_method, __ow_headers, __ow_path)
  and the query and body parameters; with .http its result describes the HTTP response.

  Scenarios tagged @any-runtime run their web action in whichever runtime the target claims (Node.js, else Python);
  the other web actions are Node.js actions, so those scenarios belong to the runtime-nodejs category.

  @web-actions @any-runtime @WEB-001 @WEB-003
  Scenario: A web action answers GET with its result as JSON and sees the HTTP context
    Given a web action "echo" in the claimed runtime that returns its parameters
    When I send GET to the web action "echo" with the suffix ".json/some/path" and the headers:
      | name            | value |
      | X-Custom-Header | Hello |
    Then the response status is 200
    And the response content type is "application/json"
    And the response field "__ow_method" is the string "get"
    And the response field "__ow_path" is the string "/some/path"
    And the response field "__ow_headers.x-custom-header" is the string "Hello"

  @web-actions @any-runtime @WEB-001 @WEB-003 @WEB-004
  Scenario: Query and JSON body parameters become action parameters
    Given a web action "echo" in the claimed runtime that returns its parameters
    When I send POST to the web action "echo" with the suffix ".json?a=1&b=query" and the JSON body {"b": "body", "c": 3}
    Then the response status is 200
    And the response field "__ow_method" is the string "post"
    And the response field "__ow_path" is the string ""
    And the response field "a" is the string "1"
    And the response field "b" is the string "body"
    And the response field "c" is the JSON 3

  @web-actions @runtime-nodejs @WEB-002
  Scenario: Actions that are not exported, and missing actions, are not found
    Given a nodejs action "hidden" with code:
      """javascript
      function main(params) { return { secret: true }; }
      """
    When I send GET to the web action "hidden" with the suffix ".json"
    Then the response status is 404
    When I send GET to the web action "never-created" with the suffix ".json"
    Then the response status is 404

  @web-actions @runtime-nodejs @WEB-005
  Scenario: A raw HTTP web action receives the query string and the body as text
    Given a nodejs web action "raw" with annotations {"raw-http": true} and code:
      """javascript
      function main(params) {
        return { query: params.__ow_query, body: params.__ow_body, name: params.name === undefined ? null : params.name };
      }
      """
    When I send POST to the web action "raw" with the suffix ".json?name=Jane" and the "text/plain" body "hello there"
    Then the response status is 200
    And the response body is exactly the JSON {"query": "name=Jane", "body": "hello there", "name": null}

  @web-actions @runtime-nodejs @WEB-006
  Scenario: An .http result sets the status, the headers and the body
    Given a nodejs web action "teapot" with code:
      """javascript
      function main() {
        return { statusCode: 201, headers: { "X-Brisk": "yes" }, body: "<p>made</p>" };
      }
      """
    When I send GET to the web action "teapot" with the suffix ".http"
    Then the response status is 201
    And the response header "X-Brisk" is "yes"
    And the response content type is "text/html"
    And the response body is the text "<p>made</p>"

  @web-actions @runtime-nodejs @WEB-006
  Scenario: An .http result with a JSON body or without a body
    Given a nodejs web action "jsonish" with code:
      """javascript
      function main(params) {
        return params.empty ? {} : { body: { ok: true } };
      }
      """
    When I send GET to the web action "jsonish" with the suffix ".http"
    Then the response status is 200
    And the response content type is "application/json"
    And the response body is exactly the JSON {"ok": true}
    When I send GET to the web action "jsonish" with the suffix ".http?empty=yes"
    Then the response status is 204
    And the response body is empty

  @web-actions @runtime-nodejs @WEB-007
  Scenario: A base64 body with a binary content type is sent as bytes
    Given a nodejs web action "png" with code:
      """javascript
      function main() {
        return { headers: { "Content-Type": "image/png" }, body: "iVBORw0KGgo=" };
      }
      """
    When I send GET to the web action "png" with the suffix ".http"
    Then the response status is 200
    And the response content type is "image/png"
    And the response body is the bytes of the base64 "iVBORw0KGgo="

  @web-actions @runtime-nodejs @WEB-008
  Scenario: Without an extension the request is handled as .http
    Given a nodejs web action "page" with code:
      """javascript
      function main() { return { body: "<h1>hi</h1>" }; }
      """
    When I send GET to the web action "page" with the suffix ""
    Then the response status is 200
    And the response content type is "text/html"
    And the response body is the text "<h1>hi</h1>"

  @web-actions @runtime-nodejs @WEB-009
  Scenario: The .text and .html extensions project the body
    Given a nodejs web action "words" with code:
      """javascript
      function main() { return { body: "plain words" }; }
      """
    And a nodejs web action "markup" with code:
      """javascript
      function main() { return { html: "<b>bold</b>" }; }
      """
    When I send GET to the web action "words" with the suffix ".text"
    Then the response status is 200
    And the response content type is "text/plain"
    And the response body is the text "plain words"
    When I send GET to the web action "markup" with the suffix ".html"
    Then the response status is 200
    And the response content type is "text/html"
    And the response body is the text "<b>bold</b>"

  @web-actions @runtime-nodejs @WEB-010
  Scenario: require-whisk-auth true needs OpenWhisk credentials
    Given a nodejs web action "guarded" with annotations {"require-whisk-auth": true} and code:
      """javascript
      function main(params) { return { user: params.__ow_user }; }
      """
    When I send GET to the web action "guarded" with the suffix ".json"
    Then the response status is 401
    When I send GET to the web action "guarded" with the suffix ".json" with the suite's credentials
    Then the response status is 200
    And the response field "user" is the caller's namespace name

  @web-actions @runtime-nodejs @WEB-011
  Scenario: require-whisk-auth with a secret needs the X-Require-Whisk-Auth header
    Given a nodejs web action "secret" with annotations {"require-whisk-auth": "s3cr3t-value"} and code:
      """javascript
      function main() { return { ok: true }; }
      """
    When I send GET to the web action "secret" with the suffix ".json"
    Then the response status is 401
    When I send GET to the web action "secret" with the suffix ".json" and the headers:
      | name                 | value |
      | X-Require-Whisk-Auth | wrong |
    Then the response status is 401
    When I send GET to the web action "secret" with the suffix ".json" and the headers:
      | name                 | value        |
      | X-Require-Whisk-Auth | s3cr3t-value |
    Then the response status is 200
    And the response body is exactly the JSON {"ok": true}

  @web-actions @runtime-nodejs @WEB-012 @WEB-013
  Scenario: Web actions send CORS headers and answer OPTIONS
    Given a nodejs web action "open" with code:
      """javascript
      function main() { return { ok: true }; }
      """
    When I send GET to the web action "open" with the suffix ".json"
    Then the response status is 200
    And the response has the default web action CORS headers
    When I send OPTIONS to the web action "open" with the suffix ".http"
    Then the response status is 200
    And the response has the default web action CORS headers
    When I send OPTIONS to the web action "open" with the suffix ".http" and the headers:
      | name                           | value           |
      | Access-Control-Request-Headers | x-custom-header |
    Then the response status is 200
    And the response header "Access-Control-Allow-Headers" is "x-custom-header"

  @web-actions @packages @runtime-nodejs @WEB-014
  Scenario: A web action in a package is reachable under the package name
    Given the package "site" exists with parameters {"title": "from package"}
    And a nodejs web action "home" in the package "site" with code:
      """javascript
      function main(params) { return { title: params.title }; }
      """
    When I send GET to the web action "home" in the package "site" with the suffix ".json"
    Then the response status is 200
    And the response body is exactly the JSON {"title": "from package"}

  @web-actions @runtime-nodejs @WEB-015
  Scenario: An application error is projected through the extension
    Given a nodejs web action "refuse" with code:
      """javascript
      function main() { return { error: { statusCode: 409, body: "taken" } }; }
      """
    When I send GET to the web action "refuse" with the suffix ".http"
    Then the response status is 409
    And the response body is the text "taken"

  @web-actions @runtime-nodejs @WEB-016
  Scenario: PUT, DELETE, PATCH and HEAD run a web action too
    Given a nodejs web action "method" with code:
      """javascript
      function main(params) { return { method: params.__ow_method }; }
      """
    When I send PUT to the web action "method" with the suffix ".json"
    Then the response status is 200
    And the response field "method" is the string "put"
    When I send DELETE to the web action "method" with the suffix ".json"
    Then the response status is 200
    And the response field "method" is the string "delete"
    When I send PATCH to the web action "method" with the suffix ".json"
    Then the response status is 200
    And the response field "method" is the string "patch"
    When I send HEAD to the web action "method" with the suffix ".json"
    Then the response status is 200
    And the response body is empty

  @web-actions @runtime-nodejs @WEB-017
  Scenario: Form fields become parameters, a text body is __ow_body, a binary body is base64
    Given a nodejs web action "bodies" with code:
      """javascript
      function main(params) { return { x: params.x === undefined ? null : params.x, body: params.__ow_body === undefined ? null : params.__ow_body }; }
      """
    When I send POST to the web action "bodies" with the suffix ".json" and the "application/x-www-form-urlencoded" body "x=1&y=two"
    Then the response status is 200
    And the response body is exactly the JSON {"x": "1", "body": null}
    When I send POST to the web action "bodies" with the suffix ".json" and the "text/plain" body "hello"
    Then the response status is 200
    And the response body is exactly the JSON {"x": null, "body": "hello"}
    When I send POST to the web action "bodies" with the suffix ".json" and the "application/octet-stream" body "AB"
    Then the response status is 200
    And the response body is exactly the JSON {"x": null, "body": "QUI="}

  @web-actions @runtime-nodejs @WEB-018
  Scenario: A raw HTTP web action gets a form body as text and a JSON body in base64
    Given a nodejs web action "rawbody" with annotations {"raw-http": true} and code:
      """javascript
      function main(params) { return { body: params.__ow_body, x: params.x === undefined ? null : params.x }; }
      """
    When I send POST to the web action "rawbody" with the suffix ".json" and the "application/x-www-form-urlencoded" body "x=1"
    Then the response status is 200
    And the response body is exactly the JSON {"body": "x=1", "x": null}
    When I send POST to the web action "rawbody" with the suffix ".json" and the JSON body {"a": 1}
    Then the response status is 200
    And the response body is exactly the JSON {"body": "eyJhIjogMX0=", "x": null}

  @web-actions @runtime-nodejs @WEB-019
  Scenario: The .svg extension answers the body as an SVG image, or 400 without one
    Given a nodejs web action "picture" with code:
      """javascript
      function main(params) { return params.none ? { other: 1 } : { body: '<svg xmlns="http://www.w3.org/2000/svg"/>' }; }
      """
    When I send GET to the web action "picture" with the suffix ".svg"
    Then the response status is 200
    And the response content type is "image/svg+xml"
    And the response body is the text "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
    When I send GET to the web action "picture" with the suffix ".svg?none=true"
    Then the response is an error with status 400
    And the error message is "Response is not valid 'image/svg+xml'."

  @web-actions @runtime-nodejs @WEB-020
  Scenario: An unknown extension is part of the action's name
    Given a nodejs web action "named" with code:
      """javascript
      function main() { return { ok: true }; }
      """
    When I send GET to the web action "named" with the suffix ".xyz"
    Then the response is an error with status 404
    And the error message is "The requested resource does not exist."

  @web-actions @runtime-nodejs @WEB-021
  Scenario: With web-custom-options the action answers OPTIONS itself
    Given a nodejs web action "ownoptions" with annotations {"web-custom-options": true} and code:
      """javascript
      function main(params) {
        if (params.__ow_method === "options") {
          return { statusCode: 200, headers: { "Access-Control-Allow-Methods": "OPTIONS, GET", "X-Own": "yes" } };
        }
        return { body: "hello" };
      }
      """
    When I send OPTIONS to the web action "ownoptions" with the suffix ".http"
    Then the response status is 200
    And the response header "X-Own" is "yes"
    And the response header "Access-Control-Allow-Methods" is "OPTIONS, GET"
    And the response has no header "Access-Control-Allow-Origin"

  @web-actions @WEB-022 @WEB-004
  Scenario: A request may not override the parameters of a final web action
    When I create the action "sealed-web" with parameters {"x": "fixed"}
    Then the response status is 200
    When I update the action "sealed-web" with overwrite and the body {"annotations": [{"key": "web-export", "value": true}, {"key": "final", "value": true}]}
    Then the response status is 200
    When I send GET to the web action "sealed-web" with the suffix ".json?x=changed"
    Then the response is an error with status 400
    And the error message is "Request defines parameters that are not allowed (e.g., reserved properties)."
    When I send POST to the web action "sealed-web" with the suffix ".json" and the JSON body {"x": "changed"}
    Then the response is an error with status 400
    And the error message is "Request defines parameters that are not allowed (e.g., reserved properties)."
    When I send POST to the web action "sealed-web" with the suffix ".json?y=query" and the JSON body {"z": "body"}
    Then the response status is 200
    And the response field "x" is the string "fixed"
    And the response field "y" is the string "query"
    And the response field "z" is the string "body"

  @web-actions @runtime-nodejs @WEB-023
  Scenario: An array of header values sends the header once per value
    Given a nodejs web action "cookies" with code:
      """javascript
      function main(params) {
        if (params.bad) {
          return { headers: { "X-Bad": ["fine", { "not": "a value" }] }, body: "never sent" };
        }
        return { headers: { "Set-Cookie": ["a=b", "c=d; Path=/"], "X-Mixed": ["one", 2, true, ["nested"]] }, body: "baked" };
      }
      """
    When I send GET to the web action "cookies" with the suffix ".http"
    Then the response status is 200
    And the response header "Set-Cookie" has the values:
      | a=b         |
      | c=d; Path=/ |
    And the response header "X-Mixed" has the values:
      | one    |
      | 2      |
      | true   |
      | nested |
    And the response body is the text "baked"
    When I send GET to the web action "cookies" with the suffix ".http?bad=true"
    Then the response is an error with status 400
    And the error message is "Response is not valid 'message/http'."

  @web-actions @any-runtime @WEB-003 @WEB-024
  Scenario: A request header sent twice reaches the action once, with its last value
    Given a web action "echo" in the claimed runtime that returns its parameters
    When I send GET to the web action "echo" with the suffix ".json" and the headers:
      | name       | value  |
      | X-Repeated | first  |
      | X-Repeated | second |
    Then the response status is 200
    And the response field "__ow_headers.x-repeated" is the string "second"

  @web-actions @any-runtime @WEB-003 @WEB-025
  Scenario: Proxy headers reach the action as the client sent them
    Given a web action "echo" in the claimed runtime that returns its parameters
    When I send GET to the web action "echo" with the suffix ".json" and the headers:
      | name            | value       |
      | X-Forwarded-For | 203.0.113.7 |
      | X-Real-IP       | 203.0.113.8 |
    Then the response status is 200
    And the response field "__ow_headers.x-forwarded-for" starts with "203.0.113.7"
    And the response field "__ow_headers.x-real-ip" is the string "203.0.113.8"
    And the response field "__ow_user" is absent

  @web-actions @runtime-nodejs @WEB-025 @WEB-010
  Scenario: Proxy headers claiming a local caller authenticate nobody
    Given a nodejs web action "guarded" with annotations {"require-whisk-auth": true} and code:
      """javascript
      function main(params) { return { user: params.__ow_user }; }
      """
    When I send GET to the web action "guarded" with the suffix ".json" and the headers:
      | name              | value     |
      | X-Forwarded-For   | 127.0.0.1 |
      | X-Real-IP         | 127.0.0.1 |
      | X-Forwarded-Host  | localhost |
      | X-Forwarded-Proto | https     |
    Then the response status is 401

  @web-actions @runtime-nodejs @WEB-027
  Scenario: Action headers that would break the response are left out
    Given a nodejs web action "framing" with code:
      """javascript
      function main() {
        return {
          headers: {
            "Content-Length": "1",
            "Transfer-Encoding": "chunked",
            "X-Split": "a\r\nX-Injected: yes",
            "X-Kept": "yes"
          },
          body: "hello"
        };
      }
      """
    When I send GET to the web action "framing" with the suffix ".http"
    Then the response status is 200
    And the response body is the text "hello"
    And the response header "X-Kept" is "yes"
    And the response has no header "X-Injected"
    And the response has no header "X-Split"

  @web-actions @runtime-nodejs @WEB-028
  Scenario: A web action's own CORS header is sent
    Given a nodejs web action "own-cors" with code:
      """javascript
      function main() {
        return { statusCode: 200, headers: { "Access-Control-Allow-Origin": "https://app.example" }, body: "hi" };
      }
      """
    When I send GET to the web action "own-cors" with the suffix ".http"
    Then the response status is 200
    And the response header "Access-Control-Allow-Origin" has the value "https://app.example", after a default "*" or alone
    And the response has the header "Access-Control-Allow-Methods" containing "PATCH"

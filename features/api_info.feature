Feature: API information and namespaces
  Clients such as the wsk CLI first ask the API host which API it serves, then which namespace their
  credentials belong to. OpenWhisk answers the first question without credentials, and the second with a
  list that holds exactly the caller's namespace.

  @API-001 @API-002
  Scenario: The API information is public and describes API version 1.0.0
    When I send GET "/api/v1" without credentials
    Then the response status is 200
    And the response is a JSON object
    And the response field "description" is a string
    And the response field "api_version" is the string "1.0.0"
    And the response field "api_version_path" is the string "v1"
    And the response field "build" is a string
    And the response field "buildno" is a string
    And the response field "swagger_paths.ui" is a string
    And the response field "swagger_paths.api-docs" is a string

  @API-003
  Scenario: The namespace list holds exactly the caller's namespace
    When I send GET "/api/v1/namespaces"
    Then the response status is 200
    And the response lists exactly the caller's namespace

  @API-003
  Scenario: The namespace list is also served with a trailing slash
    When I send GET "/api/v1/namespaces/"
    Then the response status is 200
    And the response lists exactly the caller's namespace

  @API-004 @AUTH-002
  Scenario: The namespace list requires authentication
    When I send GET "/api/v1/namespaces" without credentials
    Then the response is an error with status 401
    And the error message is "The resource requires authentication, which was not supplied with the request"

  @API-006
  Scenario: API responses carry the CORS headers
    When I send GET "/api/v1/namespaces"
    Then the response status is 200
    And the response has the standard CORS headers

  @API-006 @AUTH-009
  Scenario: An error for a missing entity carries the CORS headers too
    When I send GET "/api/v1/namespaces/{ns}/actions/{action:never-created}"
    Then the response is an error with status 404
    And the response has the standard CORS headers

  @API-007
  Scenario Outline: A CORS preflight needs no credentials, even on unknown routes
    When I send OPTIONS "<path>" without credentials
    Then the response status is 200
    And the response has the standard CORS headers

    Examples:
      | path                                    |
      | /api/v1                                 |
      | /api/v1/namespaces/{ns}/actions         |
      | /api/v1/brisk-cts-no-such-route         |

  @API-005
  Scenario: Responses should carry the transaction id, an error's equal to its code
    When I send GET "/api/v1/namespaces"
    Then the response status is 200
    And the response SHOULD have the header "X-Request-ID"
    When I send GET "/api/v1/namespaces/{ns}/actions/brisk-cts-no-such-action"
    Then the response is an error with status 404
    And the response SHOULD have the header "X-Request-ID" equal to the error's code

  @API-008
  Scenario: The API documents that GET /api/v1 advertises answer
    When I send GET "/api/v1/api-docs" without credentials
    Then the response status is 200
    And the response is a JSON object
    When I send GET "/api/v1/docs" without credentials
    Then the response status is a success or a redirect

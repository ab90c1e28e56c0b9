Feature: Authentication, authorisation and the error shape
  Every route under /api/v1 except the API information needs HTTP Basic credentials "uuid:key".
  Missing, wrong and malformed credentials are answered with 401, requests into a namespace the caller
  does not own with 403. Every error, whatever produced it, is a JSON object with a string "error"
  (the message) and a string "code" (the transaction id).

  @AUTH-002 @AUTH-006
  Scenario Outline: Requests without credentials are rejected
    When I send GET "<path>" without credentials
    Then the response is an error with status 401
    And the error message is "The resource requires authentication, which was not supplied with the request"

    Examples:
      | path                                |
      | /api/v1/namespaces/{ns}/actions     |
      | /api/v1/namespaces/{ns}/activations |

  @AUTH-003 @AUTH-006
  Scenario: A wrong key is rejected
    When I send GET "/api/v1/namespaces/{ns}/actions" with the right identity but a wrong key
    Then the response is an error with status 401
    And the error message is "The supplied authentication is invalid"

  @AUTH-003 @AUTH-006
  Scenario: An unknown identity is rejected
    When I send GET "/api/v1/namespaces" with an unknown identity
    Then the response is an error with status 401
    And the error message is "The supplied authentication is invalid"

  @AUTH-004 @AUTH-006
  Scenario Outline: Malformed credentials are rejected
    When I send GET "/api/v1/namespaces/{ns}/actions" with the Basic credentials "<credentials>"
    Then the response is an error with status 401
    And the error message is "The supplied authentication is invalid"

    Examples: single token, user name that is not a UUID, key of the wrong length
      | credentials     |
      | xxx             |
      | not-a-uuid:{key} |
      | {uuid}:short    |

  @AUTH-001 @AUTH-007
  Scenario: The namespace "_" and the namespace name address the same entities
    Given the action "hello" exists
    When I get the action "hello" in the namespace "{namespace}"
    Then the response is the action "hello"
    When I get the action "hello" in the namespace "_"
    Then the response is the action "hello"

  @AUTH-008 @AUTH-006
  Scenario Outline: Another namespace's collections are forbidden
    When I send GET "<path>"
    Then the response is an error with status 403
    And the error message starts with "The supplied authentication is not authorized to access"

    Examples:
      | path                                                  |
      | /api/v1/namespaces/{other-namespace}/actions          |
      | /api/v1/namespaces/{other-namespace}/actions/anything |
      | /api/v1/namespaces/{other-namespace}/activations      |

  @AUTH-008 @AUTH-006
  Scenario: Creating an action in another namespace is forbidden
    When I send PUT "/api/v1/namespaces/{other-namespace}/actions/anything"
    Then the response is an error with status 403
    And the error message starts with "The supplied authentication is not authorized to access"

  @AUTH-010 @AUTH-006
  Scenario Outline: Unknown routes are 404 errors in the error shape
    When I send GET "<path>"
    Then the response is an error with status 404

    Examples:
      | path                                                                |
      | /api/v1/brisk-cts-bogus                                             |
      | /api/v1/namespaces/{ns}/brisk-cts-bogus                             |
      | /api/v1/namespaces/{namespace}                                      |
      | /api/v1/namespaces/{ns}/activations/00000000000000000000000000000000/bogus |

  @AUTH-011 @AUTH-006
  Scenario Outline: Unsupported methods are refused with 405, or 404 as a running OpenWhisk answers, in the error shape
    When I send <method> "<path>"
    Then the response is an error with status 405 or 404

    Examples:
      | method | path                                                              |
      | POST   | /api/v1/namespaces/{ns}/actions                                   |
      | PUT    | /api/v1/namespaces/{ns}/activations/00000000000000000000000000000000 |
      | DELETE | /api/v1/namespaces/{ns}/activations/00000000000000000000000000000000 |

  @AUTH-017 @AUTH-006
  Scenario Outline: Entity writes not declared as application/json are refused with 415
    When I send <method> "<path>" with the content type "<type>" and the body '<body>'
    Then the response is an error with status 415
    And the error message starts with "The request's Content-Type"
    And the error message contains "is not supported"

    Examples:
      | method | path                                     | type                              | body                                                               |
      | PUT    | /api/v1/namespaces/{ns}/triggers/{name:t} | application/x-www-form-urlencoded | {}                                                                 |
      | PUT    | /api/v1/namespaces/{ns}/triggers/{name:t} | application/x-www-form-urlencoded |                                                                    |
      | PUT    | /api/v1/namespaces/{ns}/packages/{name:p} | text/plain                        | {}                                                                 |
      | PUT    | /api/v1/namespaces/{ns}/rules/{name:r}    | application/x-www-form-urlencoded | {"trigger": "/_/t", "action": "/_/a"}                              |
      | POST   | /api/v1/namespaces/{ns}/rules/{name:r}    | application/x-www-form-urlencoded | {"status": "active"}                                               |
      | PUT    | /api/v1/namespaces/{ns}/actions/{name:a}  | application/vnd.api+json          | {"exec": {"kind": "nodejs:default", "code": "function main() {}"}} |

  @AUTH-005
  Scenario: A 401 should challenge for Basic credentials
    When I send GET "/api/v1/namespaces/{ns}/actions" with the right identity but a wrong key
    Then the response is an error with status 401
    And the response SHOULD have the header "WWW-Authenticate" starting with "Basic"

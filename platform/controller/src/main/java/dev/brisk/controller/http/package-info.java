/**
 * The bottom of the controller's web side: what every request and response goes through whatever resource serves
 * it. {@link dev.brisk.controller.http.Transaction} (the transaction id, the API's CORS headers and preflights),
 * {@link dev.brisk.controller.http.ContentTypeFilter} and {@link dev.brisk.controller.http.JsonContent} (content
 * types), {@link dev.brisk.controller.http.ErrorMappers} and {@link dev.brisk.controller.http.Responses}
 * (OpenWhisk's {@code {"error", "code"}} shape), {@link dev.brisk.controller.http.BasicCredentials} (the
 * {@code Authorization} header and its 401) and {@link dev.brisk.controller.http.RequestPaths} (route shapes that
 * filters decide on before routing). It uses no other controller package; {@code PackageLayersTest} keeps it so.
 */
package dev.brisk.controller.http;

// API routes with the unmodified npm `openwhisk` client: routes.create/list/get/delete against Brisk's route
// management, then the created routes answered over HTTP. Exits non-zero with a message on the first difference.
const assert = require('assert')
const openwhisk = require('openwhisk')

const options = { apihost: process.env.BRISK_APIHOST, api_key: process.env.BRISK_AUTH }
const ow = openwhisk(options)
// clients of OpenWhisk's external gateway send a token (__OW_APIGW_TOKEN / apigw_token); Brisk ignores it
const withToken = openwhisk({ ...options, apigw_token: 'a-gateway-token', apigw_space_guid: 'a-space' })

async function expectStatus (promise, status) {
  try {
    await promise
  } catch (e) {
    assert.strictEqual(e.statusCode, status, 'expected ' + status + ': ' + e.message)
    return
  }
  assert.fail('expected an error ' + status)
}

async function main () {
  const web = { 'web-export': true } // the client's annotations are a dict
  await ow.actions.update({
    name: 'hello',
    action: { exec: { kind: 'nodejs:default', code: 'function main(p) { return { greeting: "hello " + (p.name || "world") } }' } },
    annotations: web
  })
  await ow.actions.update({
    name: 'book',
    action: { exec: { kind: 'nodejs:default', code: 'function main(p) { return { statusCode: 200, headers: { "content-type": "application/json" }, body: { path: p.__ow_path, method: p.__ow_method } } }' } },
    annotations: web
  })

  const created = await ow.routes.create({ basepath: '/hello', relpath: '/world', operation: 'GET', action: 'hello' })
  const url = created.value.gwApiUrl
  assert.match(url, /\/api\/[^/]+\/hello$/, 'gwApiUrl ' + url)
  assert.strictEqual(created.value.apidoc.basePath, '/hello')
  const op = created.value.apidoc.paths['/world'].get
  assert.strictEqual(op['x-openwhisk'].action, 'hello')
  assert.match(op['x-openwhisk'].url, /\/api\/v1\/web\/[^/]+\/default\/hello\.json$/)

  let res = await fetch(url + '/world?name=brisk')
  assert.strictEqual(res.status, 200, await res.clone().text())
  assert.deepStrictEqual(await res.json(), { greeting: 'hello brisk' })
  assert.strictEqual(res.headers.get('access-control-allow-origin'), '*')

  res = await fetch(url + '/world', { method: 'POST' })
  assert.strictEqual(res.status, 404, 'a verb the route does not have')
  res = await fetch(url + '/nowhere')
  assert.strictEqual(res.status, 404, 'a path the API does not have')
  res = await fetch(url + '/world', { method: 'OPTIONS', headers: { 'Access-Control-Request-Headers': 'X-Custom' } })
  assert.strictEqual(res.status, 200, 'preflight')
  assert.match(res.headers.get('access-control-allow-methods'), /GET/)
  assert.strictEqual(res.headers.get('access-control-allow-headers'), 'X-Custom')

  // a path parameter, response type http: the action sees the path from the base path on
  await ow.routes.create({ basepath: '/hello', relpath: '/books/{isbn}', operation: 'PUT', action: 'book', responsetype: 'http' })
  res = await fetch(url + '/books/978-3', { method: 'PUT', body: '{}', headers: { 'content-type': 'application/json' } })
  assert.strictEqual(res.status, 200)
  assert.deepStrictEqual(await res.json(), { path: '/hello/books/978-3', method: 'put' })

  const listed = await withToken.routes.list()
  assert.strictEqual(listed.apis.length, 1)
  assert.deepStrictEqual(Object.keys(listed.apis[0].value.apidoc.paths).sort(), ['/books/{isbn}', '/world'])
  const got = await ow.routes.get({ basepath: '/hello' })
  assert.strictEqual(got.apis[0].value.gwApiUrl, url)

  // swagger in: the document `get` gave, under another base path
  const swagger = { ...got.apis[0].value.apidoc, basePath: '/swag' }
  const fromSwagger = await ow.routes.create({ swagger: JSON.stringify(swagger) })
  res = await fetch(fromSwagger.value.gwApiUrl + '/world')
  assert.deepStrictEqual(await res.json(), { greeting: 'hello world' })

  // hostile input: another namespace's action, a traversal
  await expectStatus(ow.routes.create({ basepath: '/x', relpath: '/y', operation: 'GET', action: '/whisk.system/utils/echo' }), 403)
  await expectStatus(ow.routes.create({ basepath: '/x', relpath: '/../y', operation: 'GET', action: 'hello' }), 400)

  await ow.routes.delete({ basepath: '/hello', relpath: '/books/{isbn}', operation: 'PUT' })
  assert.deepStrictEqual(Object.keys((await ow.routes.get({ basepath: '/hello' })).apis[0].value.apidoc.paths), ['/world'])
  await withToken.routes.delete({ basepath: '/hello' })
  await ow.routes.delete({ basepath: '/swag' })
  assert.strictEqual((await ow.routes.list()).apis.length, 0)
  res = await fetch(url + '/world')
  assert.strictEqual(res.status, 404, 'a deleted route')
  await expectStatus(ow.routes.delete({ basepath: '/hello' }), 404)
  console.log('routes flow ok')
}

main().catch(e => { console.error(e); process.exit(1) })

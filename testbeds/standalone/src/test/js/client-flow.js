// A user's flow with the unmodified npm `openwhisk` client: create, invoke, update, read activations, delete,
// for a nodejs and a python action. Exits non-zero with a message on the first difference.
const assert = require('assert')
const openwhisk = require('openwhisk')

const ow = openwhisk({ apihost: process.env.BRISK_APIHOST, api_key: process.env.BRISK_AUTH })
const suffix = Math.random().toString(36).slice(2, 8)

async function poll (fn, until, ms = 30000) {
  const end = Date.now() + ms
  for (;;) {
    const value = await fn().catch(() => undefined)
    if (value !== undefined && until(value)) return value
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise(resolve => setTimeout(resolve, 300))
  }
}

async function flow (kind, name, code, updatedCode, params, expected, updatedExpected) {
  const created = await ow.actions.create({ name, action: { exec: { kind, code } } })
  assert.strictEqual(created.name, name)
  assert.strictEqual(created.version, '0.0.1')

  const result = await ow.actions.invoke({ name, params, blocking: true, result: true })
  assert.deepStrictEqual(result, expected)

  const { activationId } = await ow.actions.invoke({ name, params })
  assert.match(activationId, /^[0-9a-f]{32}$/)
  const record = await poll(() => ow.activations.get({ name: activationId }), r => r.response !== undefined)
  assert.deepStrictEqual(record.response.result, expected)
  const logs = await ow.activations.logs({ name: activationId })
  assert.ok(logs.logs.some(line => /stdout: called/.test(line)), 'logs: ' + JSON.stringify(logs))

  const updated = await ow.actions.update({ name, action: { exec: { kind, code: updatedCode } } })
  assert.strictEqual(updated.version, '0.0.2')
  assert.deepStrictEqual(await ow.actions.invoke({ name, params, blocking: true, result: true }), updatedExpected)

  // a blocking invoke is answered before its record is stored, and lists are eventually consistent (as in OpenWhisk)
  const listed = await poll(() => ow.activations.list({ name, limit: 5 }), l => l.length >= 3).catch(() => [])
  assert.ok(listed.length >= 3, 'expected 3 activations of ' + name + ', got ' + listed.length)

  await ow.actions.delete({ name })
  await assert.rejects(ow.actions.get({ name }), err => err.statusCode === 404)
  console.log('ok', kind, name)
}

// packages, sequences, triggers, rules and web actions through the same client
async function compositions (namespace) {
  const pkg = 'npm-pkg-' + suffix
  await ow.packages.create({ name: pkg, package: { parameters: [{ key: 'greeting', value: 'hello' }] } })
  await ow.actions.create({ name: pkg + '/greet', action: { exec: { kind: 'nodejs:default', code: 'function main(p) { return { text: p.greeting + " " + p.name } }' } } })
  await ow.actions.create({ name: pkg + '/shout', action: { exec: { kind: 'python:default', code: 'def main(a):\n    return {"text": a["text"].upper()}\n' } } })
  const seq = 'npm-seq-' + suffix
  await ow.actions.create({ name: seq, action: { exec: { kind: 'sequence', components: [`/${namespace}/${pkg}/greet`, `/${namespace}/${pkg}/shout`] } } })
  assert.deepStrictEqual(await ow.actions.invoke({ name: seq, params: { name: 'brisk' }, blocking: true, result: true }), { text: 'HELLO BRISK' })

  const binding = 'npm-bind-' + suffix
  await ow.packages.create({ name: binding, package: { binding: { namespace, name: pkg }, parameters: [{ key: 'greeting', value: 'hi' }] } })
  assert.deepStrictEqual(await ow.actions.invoke({ name: binding + '/greet', params: { name: 'there' }, blocking: true, result: true }), { text: 'hi there' })

  const trigger = 'npm-trigger-' + suffix
  const rule = 'npm-rule-' + suffix
  await ow.triggers.create({ name: trigger })
  await ow.rules.create({ name: rule, action: `/${namespace}/${pkg}/greet`, trigger: `/${namespace}/${trigger}` })
  const fired = await ow.triggers.invoke({ name: trigger, params: { name: 'rule' } })
  assert.match(fired.activationId, /^[0-9a-f]{32}$/)
  const triggerRecord = await poll(() => ow.activations.get({ name: fired.activationId }), r => r.logs && r.logs.length === 1)
  const entry = JSON.parse(triggerRecord.logs[0])
  assert.strictEqual(entry.success, true)
  const ruled = await poll(() => ow.activations.get({ name: entry.activationId }), r => r.response !== undefined)
  assert.deepStrictEqual(ruled.response.result, { text: 'hello rule' })
  await ow.rules.disable({ name: rule })
  assert.strictEqual((await ow.rules.get({ name: rule })).status, 'inactive')

  const web = 'npm-web-' + suffix
  await ow.actions.create({ name: web, action: { exec: { kind: 'nodejs:default', code: 'function main(p) { return { statusCode: 200, headers: { "content-type": "text/plain" }, body: "web " + p.name } }' }, annotations: [{ key: 'web-export', value: true }] } })
  const res = await fetch(`${process.env.BRISK_APIHOST}/api/v1/web/${namespace}/default/${web}.http?name=brisk`)
  assert.strictEqual(res.status, 200)
  assert.strictEqual(await res.text(), 'web brisk')

  await ow.rules.delete({ name: rule })
  await ow.triggers.delete({ name: trigger })
  await ow.actions.delete({ name: seq })
  await ow.actions.delete({ name: web })
  await ow.packages.delete({ name: binding })
  await ow.actions.delete({ name: pkg + '/greet' })
  await ow.actions.delete({ name: pkg + '/shout' })
  await ow.packages.delete({ name: pkg })
  console.log('ok packages, bindings, sequences, triggers, rules, web actions')
}

(async () => {
  await flow('nodejs:default', 'npm-node-' + suffix,
    'function main(p) { console.log("called"); return { hello: p.name } }',
    'function main(p) { console.log("called"); return { hello: p.name.toUpperCase() } }',
    { name: 'brisk' }, { hello: 'brisk' }, { hello: 'BRISK' })
  await flow('python:default', 'npm-python-' + suffix,
    'def main(args):\n    print("called")\n    return {"double": args["n"] * 2}\n',
    'def main(args):\n    print("called")\n    return {"double": args["n"] * 20}\n',
    { n: 21 }, { double: 42 }, { double: 420 })
  const namespaces = await ow.namespaces.list()
  assert.deepStrictEqual(namespaces, ['guest'])
  await compositions(namespaces[0])
  console.log('npm openwhisk client flow passed')
})().catch(err => { console.error('npm openwhisk client flow FAILED:', err); process.exit(1) })

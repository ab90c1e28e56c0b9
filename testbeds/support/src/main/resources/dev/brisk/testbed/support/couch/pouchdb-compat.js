// Brisk: makes pouchdb-server 4.2.0 (express-pouchdb 4.2.0) answer the way CouchDB does where Ektorp 1.5.0 cares.
// Run by CouchServer before every start: `node pouchdb-compat.js <install dir>`. Idempotent: every edit leaves a
// marker comment behind and is skipped when the marker is already there. Fails (exit 2) when the code to edit is
// not found, i.e. when a different express-pouchdb version is installed.
'use strict';
const fs = require('fs');
const path = require('path');

const installDir = path.resolve(process.argv[2] || '.');
const expressPouchdb = path.dirname(require.resolve('express-pouchdb/package.json', { paths: [installDir] }));

const edits = [
  {
    // CouchDB 3 makes every database admin-only (default_security = admin_only) once an admin exists: a request
    // without valid credentials gets 401. pouchdb-server lets anyone read and write. Refuse it, but for the
    // welcome, health and session endpoints, which CouchDB also answers anonymously.
    marker: 'BRISK_COMPAT_ADMIN_ONLY',
    file: 'lib/routes/authentication.js',
    find: '      req.couchSession = result;\n',
    replace: [
      '      req.couchSession = result;',
      '      var open = ["/", "/_up", "/_session"].indexOf(req.path) !== -1; // BRISK_COMPAT_ADMIN_ONLY',
      '      var admins = app.couchConfig.getSection("admins") || {};',
      '      if (!open && Object.keys(admins).length > 0 && !(result.userCtx && result.userCtx.name)) {',
      '        return utils.sendJSON(res, 401, {error: "unauthorized", reason: "You are not authorized to access this db."});',
      '      }',
      '',
    ].join('\n'),
  },
  {
    // With an admin configured, an unauthenticated `PUT /db` gets a rejected promise from PouchDB.new(); calling
    // db.info() on it throws and takes the whole server down. CouchDB answers 401.
    marker: 'BRISK_COMPAT_UNAUTHENTICATED_CREATE',
    file: 'lib/routes/db.js',
    find: '      var db = req.PouchDB.new(name, utils.makeOpts(req));\n      db.info(function (err) {',
    replace: [
      '      var db = req.PouchDB.new(name, utils.makeOpts(req));',
      '      if (typeof db.info !== "function") { // BRISK_COMPAT_UNAUTHENTICATED_CREATE',
      '        return Promise.resolve(db).then(function () {',
      '          utils.setLocation(res, name);',
      '          utils.sendJSON(res, 201, {ok: true});',
      '        }, function (err) {',
      '          utils.sendError(res, err, 401);',
      '        });',
      '      }',
      '      db.info(function (err) {',
    ].join('\n'),
  },
  {
    // CouchDB's document ETag is the quoted revision; express computes a weak body hash instead. Ektorp's
    // getCurrentRevision() (a HEAD request) reads the ETag.
    marker: 'BRISK_COMPAT_ETAG_IS_REV',
    file: 'lib/routes/documents.js',
    find: '      utils.sendJSON(res, 200, doc);\n    });\n  });\n\n  // Delete a document',
    replace: [
      '      if (doc && doc._rev) { // BRISK_COMPAT_ETAG_IS_REV',
      '        res.set("ETag", JSON.stringify(doc._rev));',
      '      }',
      '      utils.sendJSON(res, 200, doc);\n    });\n  });\n\n  // Delete a document',
    ].join('\n'),
  },
  {
    // `POST /db/` (Ektorp's create() of a document without id) lands on the attachment route with an empty id and
    // is refused; CouchDB treats it as `POST /db`. Hand it on to the next route.
    marker: 'BRISK_COMPAT_POST_TRAILING_SLASH',
    file: 'lib/routes/documents.js',
    find: "  app.post('/:db/:id(*)', utils.jsonParser, function (req, res) {\n",
    replace: [
      "  app.post('/:db/:id(*)', utils.jsonParser, function (req, res, next) {",
      '    if (req.params.id === "") { // BRISK_COMPAT_POST_TRAILING_SLASH',
      '      return next();',
      '    }',
      '',
    ].join('\n'),
  },
  {
    // Ektorp's compact() posts the body "not_used" as JSON; CouchDB ignores it, the strict parser refuses it.
    marker: 'BRISK_COMPAT_COMPACT_NO_BODY',
    file: 'lib/routes/compact.js',
    find: "  app.post('/:db/_compact', utils.jsonParser, function (req, res) {",
    replace: "  app.post('/:db/_compact', /* BRISK_COMPAT_COMPACT_NO_BODY */ function (req, res) {",
  },
  {
    marker: 'BRISK_COMPAT_VIEW_CLEANUP_NO_BODY',
    file: 'lib/routes/view-cleanup.js',
    find: "  app.post('/:db/_view_cleanup', utils.jsonParser, function (req, res) {",
    replace: "  app.post('/:db/_view_cleanup', /* BRISK_COMPAT_VIEW_CLEANUP_NO_BODY */ function (req, res) {",
  },
  {
    // `_changes?feed=longpoll&timeout=N` never ends when nothing changes; CouchDB closes it after N ms with an
    // empty result list. Arm a timer when the long poll starts...
    marker: 'BRISK_COMPAT_LONGPOLL_TIMEOUT',
    file: 'lib/routes/changes.js',
    find: '            res.write(\'{"results":[\\n\');\n            req.query.live = req.query.continuous = true;\n',
    replace: [
      '            res.write(\'{"results":[\\n\');',
      '            // BRISK_COMPAT_LONGPOLL_TIMEOUT',
      '            var briskTimeoutMs = Number(req.query.query_params && req.query.query_params.timeout);',
      '            var briskTimer = null;',
      '            if (briskTimeoutMs > 0) {',
      '              briskTimer = setTimeout(function () {',
      '                res.write(\'],\\n"last_seq":\' + JSON.stringify(complete.last_seq) + \'}\\n\');',
      '                res.end();',
      '                changes.cancel();',
      '                cleanup();',
      '                req.connection.removeListener(\'close\', cancelChanges);',
      '              }, briskTimeoutMs);',
      '            }',
      '            req.query.live = req.query.continuous = true;',
      '',
    ].join('\n'),
  },
  {
    // ...and disarm it when a change arrives first.
    marker: 'BRISK_COMPAT_LONGPOLL_DISARM',
    file: 'lib/routes/changes.js',
    find: "              .on('change', function (change) {\n                utils.writeJSON(res, change);\n",
    replace: [
      "              .on('change', function (change) {",
      '                if (briskTimer) { clearTimeout(briskTimer); } // BRISK_COMPAT_LONGPOLL_DISARM',
      '                utils.writeJSON(res, change);',
      '',
    ].join('\n'),
  },
];

let applied = 0;
for (const edit of edits) {
  const file = path.join(expressPouchdb, edit.file);
  const text = fs.readFileSync(file, 'utf8');
  if (text.includes(edit.marker)) {
    continue;
  }
  const at = text.indexOf(edit.find);
  if (at < 0) {
    console.error('pouchdb-compat: ' + edit.marker + ': code to patch not found in ' + file);
    process.exit(2);
  }
  fs.writeFileSync(file, text.slice(0, at) + edit.replace + text.slice(at + edit.find.length));
  applied++;
}
console.log('pouchdb-compat: ' + applied + ' patch(es) applied, ' + (edits.length - applied) + ' already present');

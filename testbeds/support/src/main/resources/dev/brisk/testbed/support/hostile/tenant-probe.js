// A tenant's action written by an attacker: each probe tries one way out of its container and reports what
// happened, never failing itself. Nothing here can harm a host whose isolation holds; where it does not, the harm is
// kept small on purpose (files are created, never overwritten; /etc/hosts is opened for append, not written).
const fs = require('fs'), cp = require('child_process'), net = require('net'), path = require('path');
let remembered = null;

function run(cmd) {
  try {
    return { rc: 0, out: cp.execSync(cmd, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 10000 }).toString().slice(0, 300) };
  } catch (e) {
    return { rc: e.status === null ? -1 : e.status, err: String(e.stderr || e.message).slice(0, 300) };
  }
}
function create(p, data) {
  try { fs.writeFileSync(p, data, { flag: 'wx' }); return 'written'; } catch (e) { return 'denied: ' + e.code; }
}
function openAppend(p) {
  try { fs.closeSync(fs.openSync(p, 'a')); return 'opened'; } catch (e) { return 'denied: ' + e.code; }
}
function read(p) {
  try { return 'read ' + fs.readFileSync(p).length + ' bytes'; } catch (e) { return 'denied: ' + e.code; }
}
function connect(target) {
  return new Promise(done => {
    const s = net.connect(target);
    s.setTimeout(3000);
    s.on('connect', () => { s.destroy(); done('connected'); });
    s.on('error', e => done('denied: ' + e.code));
    s.on('timeout', () => { s.destroy(); done('denied: timeout'); });
  });
}
function fill(dir, mb) {
  const chunk = Buffer.alloc(1 << 20, 120);
  let n = 0;
  try {
    const fd = fs.openSync(path.join(dir, 'fill-' + process.pid), 'w');
    try { for (; n < mb; n++) fs.writeSync(fd, chunk); } finally { fs.closeSync(fd); }
    return 'wrote ' + n + ' MB';
  } catch (e) { return e.code + ' after ' + n + ' MB'; }
}
function processes() {
  const seen = {};
  for (const pid of fs.readdirSync('/proc').filter(x => /^[0-9]+$/.test(x))) {
    try { seen[pid] = fs.readFileSync('/proc/' + pid + '/cmdline').toString().replace(/\0/g, ' ').trim(); } catch (e) { }
  }
  return seen;
}

async function main(p) {
  const r = { probe: p.probe };
  switch (p.probe) {
    case 'system': {
      r.remount = run('mount -o remount,bind,rw /usr 2>&1 || mount -o remount,rw / 2>&1');
      r.usr = create('/usr/share/brisk-planted-' + process.pid, 'planted');
      r.bin = create('/usr/bin/brisk-planted-' + process.pid, 'planted');
      r.root = create('/brisk-planted-' + process.pid, 'planted');
      r.runtime = create(path.join(path.dirname(process.execPath), 'brisk-planted-' + process.pid), 'planted');
      r.hosts = openAppend('/etc/hosts');
      break;
    }
    case 'secrets': {
      r.files = {};
      // pid 1 is the sandbox's init in a process container, the proxy itself (its own environment) in a Docker one
      const pid1 = process.pid === 1 ? [] : ['/proc/1/environ'];
      for (const f of ['/etc/shadow', '/root/.m2/settings.xml', '/root/.npmrc', '/var/run/docker.sock']
                       .concat(pid1, p.files || [])) r.files[f] = read(f);
      r.env = Object.keys(process.env).sort();
      break;
    }
    case 'remember': remembered = p.secret; r.remembered = true; break;
    case 'look': {
      r.remembered = remembered;
      r.processes = processes();
      r.env = process.env;
      r.home = fs.readdirSync(process.env.HOME || process.cwd());
      r.tmp = fs.readdirSync('/tmp');
      r.files = {};
      for (const f of p.files || []) r.files[f] = read(f);
      break;
    }
    case 'redirect': {
      // the symlink attack: the place the proxy bound its socket, pointed at another container's
      const socketDir = process.env.__OW_PROXY_SOCKET ? path.dirname(process.env.__OW_PROXY_SOCKET) : process.cwd();
      r.tried = {};
      for (const link of [path.join(socketDir, 'proxy.sock'), path.join(path.dirname(socketDir), 'control.sock'),
                          path.join(process.cwd(), 'proxy.sock')]) {
        for (const target of p.targets || []) {
          try {
            try { fs.unlinkSync(link); } catch (e) { }
            fs.symlinkSync(target, link);
            r.tried[link + ' -> ' + target] = 'linked';
          } catch (e) { r.tried[link + ' -> ' + target] = 'denied: ' + e.code; }
        }
      }
      r.remembered = remembered;
      break;
    }
    case 'plant-pid': {
      const socketDir = process.env.__OW_PROXY_SOCKET ? path.dirname(process.env.__OW_PROXY_SOCKET) : process.cwd();
      r.written = {};
      for (const f of [path.join(socketDir, 'proxy.pid'), path.join(path.dirname(socketDir), 'proxy.pid'),
                       path.join(process.cwd(), 'proxy.pid')]) {
        try { fs.writeFileSync(f, String(p.pid)); r.written[f] = 'written'; } catch (e) { r.written[f] = 'denied: ' + e.code; }
      }
      break;
    }
    case 'fill-disk': {
      r.home = fill(process.env.HOME || process.cwd(), p.mb);
      r.tmp = fill('/tmp', p.mb);
      break;
    }
    case 'background': {
      const child = cp.spawn('sleep', [String(p.marker)], { detached: true, stdio: 'ignore' });
      child.unref();
      r.pid = child.pid;
      break;
    }
    case 'signal': {
      r.kill = {};
      for (const pid of p.pids || []) {
        try { process.kill(pid, 'SIGKILL'); r.kill[pid] = 'killed'; } catch (e) { r.kill[pid] = 'denied: ' + e.code; }
      }
      break;
    }
    case 'network': {
      r.ports = {};
      for (const [name, target] of Object.entries(p.targets || {})) r.ports[name] = await connect(target);
      break;
    }
    default: r.error = 'unknown probe';
  }
  return r;
}

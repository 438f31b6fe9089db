// A second load client for the fan-out scenario, on Node's `ws` package: one publisher and N
// subscribers in one room, against Nova or the Socket.IO peer, so the figures do not rest on one
// client implementation (the Java load tool's). Each message carries the time it was due
// (process.hrtime), so a late publisher shows as latency; latency is due-to-arrival at each
// subscriber. Server CPU is utime + stime of --pid from /proc over the measured window (until its
// deliveries arrived). Prints one Markdown row per rate, as the Java tool does.
//
//   node ws-load.js --target nova|socketio --url URL [--keys FILE] --pid PID
//                   [--subscribers 1000] [--rate 25,50,100] [--warmup 20] [--seconds 10]
'use strict';
const fs = require('fs');
const WebSocket = require('ws');

function args() {
  const a = { subscribers: 1000, rate: '25,50,100', warmup: 20, seconds: 10 };
  const v = process.argv.slice(2);
  for (let i = 0; i < v.length; i += 2) a[v[i].replace(/^--/, '')] = v[i + 1];
  a.subscribers = Number(a.subscribers);
  a.warmup = Number(a.warmup);
  a.seconds = Number(a.seconds);
  a.rates = String(a.rate).split(',').map(Number);
  return a;
}

const A = args();
const ROOM = 'load-ws-' + process.pid;
// the keys file: one "name key" per line (nova-server keys create --count N)
const keys = A.keys ? fs.readFileSync(A.keys, 'utf8').split('\n').map((l) => l.trim().split(/\s+/).pop()).filter(Boolean) : [];
const TICKS = 100; // clock ticks per second in /proc/PID/stat on Linux
const nowNs = () => process.hrtime.bigint();

// What differs between the two servers: the URL, the greeting, joining, publishing, keep-alive.
const nova = {
  url: (u) => u,
  greet: (i) => JSON.stringify({ type: 'auth', data: { api_key: keys[i % keys.length] } }),
  ready: (f) => f.startsWith('{"type":"connection_success"'),
  join: () => JSON.stringify({ type: 'subscribe', channel: ROOM, data: { channel: ROOM } }),
  joined: (f) => f.startsWith('{"type":"subscription_success"'),
  publish: (content) => JSON.stringify({ type: 'chat_message', channel: ROOM, data: { content, thread_id: ROOM } }),
  answer: () => null,
  message: Buffer.from('{"type":"chat_message"'),
};
const socketio = {
  url: (u) => u.replace(/\/+$/, '') + '/socket.io/?EIO=4&transport=websocket',
  greet: () => '40',
  ready: (f) => f.startsWith('40'),
  join: () => '42' + JSON.stringify(['join', ROOM]),
  joined: (f) => f === '42' + JSON.stringify(['joined', ROOM]),
  publish: (content) => '42' + JSON.stringify(['publish', { room: ROOM, content }]),
  answer: (f) => (f === '2' ? '3' : null),
  message: Buffer.from('42["chat_message"'),
};
const T = A.target === 'socketio' ? socketio : nova;

function cpuTicks(pid) {
  const stat = fs.readFileSync('/proc/' + pid + '/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]); // utime, stime (fields 14 and 15)
}

const closes = new Map(); // close code -> connections the server closed with it during the run

function open(i, onMessage) {
  return new Promise((resolve, reject) => {
    // No UTF-8 check of each frame, and deliveries read from the bytes (no string made): one Node
    // process must keep up with 100,000 deliveries a second.
    const ws = new WebSocket(T.url(A.url), { perMessageDeflate: false, skipUTF8Validation: true });
    let state = 'greeting';
    ws.on('open', () => {
      if (A.target !== 'socketio') ws.send(T.greet(i));
    });
    ws.on('error', reject);
    ws.on('close', (code) => {
      if (state !== 'in') reject(new Error('connection ' + i + ' closed with ' + code + ' while ' + state));
      closes.set(code, (closes.get(code) || 0) + 1);
    });
    ws.on('message', (data) => {
      if (state === 'in' && startsWith(data, T.message)) {
        onMessage(data);
        return;
      }
      const f = data.toString();
      const reply = T.answer(f);
      if (reply) {
        ws.send(reply);
        return;
      }
      if (state === 'greeting') {
        if (A.target === 'socketio' && f.startsWith('0{')) {
          ws.send(T.greet(i));
          return;
        }
        if (T.ready(f)) {
          state = 'joining';
          ws.send(T.join());
        }
      } else if (state === 'joining') {
        if (T.joined(f)) {
          state = 'in';
          resolve(ws);
        }
      }
    });
  });
}

// Deliveries: latency in ms of each message due inside the window, counted per message.
let window = null; // { from, to (ns), latencies: [], expected, arrived }
const STAMP = Buffer.from('"content":"s');
const X = 'x'.charCodeAt(0);
const startsWith = (buf, prefix) => buf.length >= prefix.length && buf.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
function delivered(buf) {
  const at = buf.indexOf(STAMP);
  if (at < 0) return;
  const from = at + STAMP.length;
  const end = buf.indexOf(X, from);
  if (end < 0) return;
  const due = BigInt(buf.latin1Slice(from, end));
  const w = window;
  if (w && due >= w.from && due < w.to) {
    w.latencies.push(Number(nowNs() - due) / 1e6);
    w.arrived++;
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const PAD = 'x'.repeat(80);

async function run() {
  const subs = [];
  for (let i = 0; i < A.subscribers; i++) {
    subs.push(await open(i + 1, delivered));
  }
  const pub = await open(0, delivered); // the publisher is a member too, as in the Java tool
  const members = A.subscribers + 1;
  for (const rate of A.rates) {
    const interval = 1e9 / rate;
    const start = nowNs();
    const from = start + BigInt(Math.round(A.warmup * 1e9));
    const to = from + BigInt(Math.round(A.seconds * 1e9));
    let next = start;
    let cpuFrom = null;
    window = { from, to, latencies: [], arrived: 0, expected: 0 };
    // pace: every millisecond, send what has fallen due (its due time in the message)
    while (nowNs() < to) {
      const now = nowNs();
      if (cpuFrom === null && now >= from) cpuFrom = cpuTicks(A.pid);
      while (next <= now && next < to) {
        pub.send(T.publish('s' + next + 'x' + PAD));
        if (next >= from) window.expected += members;
        next += BigInt(Math.round(interval));
      }
      await sleep(1);
    }
    const until = Date.now() + 10000;
    while (window.arrived < window.expected && Date.now() < until) await sleep(5);
    const cpuTo = cpuTicks(A.pid);
    const w = window;
    const seconds = A.seconds;
    const lat = Float64Array.from(w.latencies).sort();
    const cpuMs = ((cpuTo - cpuFrom) * 1000) / TICKS;
    const perThousand = w.arrived ? cpuMs / (w.arrived / 1000) : NaN;
    const name = A.target === 'socketio' ? 'Socket.IO' : 'Nova';
    const f = (x) => x.toFixed(2);
    console.log(`| ${name.padEnd(9)} | node ws client, 1->${A.subscribers} @${rate}/s | ${Math.round(w.expected / seconds).toLocaleString('en')} | `
      + `${Math.round(w.arrived / seconds).toLocaleString('en')} | ${f(percentile(lat, 50))} | ${f(percentile(lat, 90))} | `
      + `${f(percentile(lat, 99))} | ${f(percentile(lat, 99.9))} | ${f(lat[lat.length - 1] || NaN)} | ${f(perThousand)} |`
      + (w.arrived < w.expected ? ` ${(100 * w.arrived / w.expected).toFixed(1)}% arrived |` : ' |')
      + (closes.size ? ` closed: ${[...closes].map(([c, n]) => n + ' with ' + c).join(', ')} |` : ''));
  }
  window = null;
  for (const s of subs) s.terminate();
  pub.terminate();
}

run().then(() => process.exit(0), (e) => {
  console.error('ws-load: ' + (e && e.message ? e.message : e));
  process.exit(1);
});

// Node's built-in WebSocket (the WHATWG client browsers also give): N attempts with a wrong key,
// CONCURRENCY at a time. Prints one JSON line: how many saw auth_failure and then close 4001, and
// what the others saw.
//   node --experimental-websocket wrong-keys.mjs URL N CONCURRENCY
const [url, n, concurrency] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4] || 10)];
let clean = 0;
const other = {};
function attempt(i) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    let failure = false;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', data: { api_key: 'nova_wrong_' + i } }));
    ws.onmessage = (e) => { if (JSON.parse(e.data).type === 'auth_failure') failure = true; };
    ws.onclose = (e) => {
      if (failure && e.code === 4001) clean++;
      else { const k = (failure ? 'auth_failure+' : 'no auth_failure+') + e.code; other[k] = (other[k] || 0) + 1; }
      resolve();
    };
  });
}
let next = 0;
async function worker() { while (next < n) { await attempt(next++); } }
await Promise.all(Array.from({ length: concurrency }, worker));
console.log(JSON.stringify({ attempts: n, clean, other }));

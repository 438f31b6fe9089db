// The peer a team would pick instead of Nova for fan-out: Socket.IO 4.8 with room broadcast.
// The load tool (dev.nova.bench.load.LoadMain --target socketio) drives it exactly as it drives
// Nova: join a room, publish into it, every member (the publisher too) gets each message.
//
//   node socketio-peer.js [port]     prints "socketio-peer listening on PORT" when ready
//
// GET /stats answers {rss, heap_used} in bytes, after a full GC when node runs with --expose-gc.
'use strict';
const http = require('http');
const { Server } = require('socket.io');

const port = Number(process.argv[2] || 0);
const server = http.createServer((req, res) => {
  if (req.url === '/stats') {
    if (global.gc) global.gc();
    const m = process.memoryUsage();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ rss: m.rss, heap_used: m.heapUsed }));
    return;
  }
  res.writeHead(404);
  res.end();
});
// Defaults otherwise (permessage-deflate off, as Socket.IO ships); only WebSocket, as Nova.
const io = new Server(server, { transports: ['websocket'], maxHttpBufferSize: 64 * 1024 });

io.on('connection', (socket) => {
  socket.on('join', (room) => {
    socket.join(room);
    socket.emit('joined', room);
  });
  socket.on('publish', (msg) => {
    if (msg && typeof msg.room === 'string') {
      io.to(msg.room).emit('chat_message', { room: msg.room, content: msg.content, sender: socket.id });
    }
  });
});

server.listen(port, '127.0.0.1', () => {
  console.log('socketio-peer listening on ' + server.address().port);
});
process.on('SIGTERM', () => process.exit(0));

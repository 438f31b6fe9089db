// An outside MCP client for Nova's /mcp: the official TypeScript SDK, as an MCP host would use it.
// Usage: node board-client.mjs URL KEY TOOL JSON_ARGUMENTS
// Prints one JSON line: {"tools": [names], "result": CallToolResult}, or {"error": message} and exits 1.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url, key, tool, args] = process.argv.slice(2);
const transport = new StreamableHTTPClientTransport(new URL(url), {
  requestInit: { headers: { Authorization: `Bearer ${key}` } },
});
const client = new Client({ name: "nova-test-ts-client", version: "1.0.0" });
try {
  await client.connect(transport);
  const tools = (await client.listTools()).tools.map((t) => t.name);
  const result = await client.callTool({ name: tool, arguments: JSON.parse(args ?? "{}") });
  console.log(JSON.stringify({ tools, result }));
  await client.close();
} catch (e) {
  console.log(JSON.stringify({ error: String(e && e.message ? e.message : e) }));
  process.exitCode = 1;
  await client.close().catch(() => {});
}

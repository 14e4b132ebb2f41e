/**
 * The mock vendor server in a process of its own, for the library benchmark: a real
 * vendor does not share the trainer's event loop, and on a busy machine sharing it
 * would charge the server's work to the trainer's wall time. Usage:
 *   mock-vendor-process.ts <latency-ms> <skill-folder>...
 * Answers each call as the simulated world of the skill its model name names; prints
 * `{"url": ...}` once listening, and `{"calls": n}` on stdin's end before exiting.
 */
import { basename } from 'node:path';
import { createSimulatedWorld } from '../src/core/models/sim';
import { loadTaskSet } from '../src/core/tasks';
import type { MockBehaviour, MockRequest } from '../test/support/mock-llm-server';
import { startMockLlmServer } from '../test/support/mock-llm-server';
import { simulatedWorldResponder } from '../test/support/simulated-responder';

async function main(): Promise<void> {
  const [latency, ...folders] = process.argv.slice(2);
  const responders = new Map<string, (request: MockRequest) => MockBehaviour>();
  for (const folder of folders) responders.set(basename(folder), simulatedWorldResponder(createSimulatedWorld(await loadTaskSet(folder), { seed: 42 })));
  const server = await startMockLlmServer({
    latencyMs: Number(latency),
    keepAlive: true,
    recordRequests: false,
    respond: (request) => responders.get(request.model)!(request),
  });
  process.stdout.write(`${JSON.stringify({ url: server.baseUrls.openai })}\n`);
  process.stdin.resume();
  process.stdin.on('end', async () => {
    process.stdout.write(`${JSON.stringify({ calls: server.callCount })}\n`);
    await server.close();
    process.exit(0);
  });
}

void main();

/**
 * A mock-server responder that answers OpenAI-style requests as the simulated world
 * would: the JSON schema's name tells an optimizer or judge call from a target call.
 * Used by the training benchmark and by tests that train through the real adapter.
 */
import { simulatedAnswer, type SimulatedWorld } from '../../src/core/models/sim';
import { mock, type MockBehaviour, type MockRequest } from './mock-llm-server';

export function simulatedWorldResponder(world: SimulatedWorld): (request: MockRequest) => MockBehaviour {
  return (request) => {
    const body = request.body as { response_format?: { json_schema?: { name?: string } } };
    const name = body.response_format?.json_schema?.name;
    return mock.reply(simulatedAnswer(world, { messages: request.messages, jsonSchema: name ? { name, schema: {} } : undefined }));
  };
}

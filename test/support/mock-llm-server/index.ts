/**
 * Local mock of the Anthropic, OpenAI and Gemini HTTP APIs for tests and benchmarks.
 * See `startMockLlmServer` for the routes and `mock` for the scripted behaviours.
 */
export { startMockLlmServer, type MockLlmServer, type MockLlmServerOptions } from './mock-llm-server';
export {
  mock,
  lastUserMessage,
  estimateUsage,
  type MockBehaviour,
  type MockRequest,
  type MockUsage,
  type MockVendor,
} from './mock-behaviours';

import type { ChatModel, ChatRequest, ChatResponse } from '../models/chat-model';

/** `model` with its `complete` replaced (the training layers around a role's model). */
export function withComplete(model: ChatModel, complete: (request: ChatRequest) => Promise<ChatResponse>): ChatModel {
  return { spec: model.spec, provider: model.provider, model: model.model, installsSkills: model.installsSkills, endpoint: model.endpoint, complete };
}

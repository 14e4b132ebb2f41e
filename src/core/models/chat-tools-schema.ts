import { z } from 'zod';

/** A `ToolDefinition` as read back from disk or from another process. */
export const toolDefinitionSchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()),
});

/** A `ToolChoice` as read back from disk or from another process. */
export const toolChoiceSchema = z.union([z.enum(['auto', 'required', 'none']), z.object({ name: z.string() })]);

/** A `ToolCall` as read back from disk or from another process. */
export const toolCallSchema = z.object({ id: z.string().optional(), name: z.string(), arguments: z.string() });

/** The tool fields of a stored or transported reply. */
export const replyToolFieldsSchema = {
  toolCalls: z.array(toolCallSchema).optional(),
  finishReason: z.string().optional(),
};

/**
 * A small promptfoo suite whose provider gives the model one tool (`forecast`) and whose
 * checks read the call, for end-to-end tests of tools. `simHints` adds the simulated
 * world's rule that makes the target name the city only when the skill says so.
 */
export function weatherToolsSuite(options: { toolChoice?: string; simHints?: boolean } = {}): string {
  return [
    'prompts: ["What is the weather in {{city}}?"]',
    'providers:',
    '  - id: openai:gpt-4.1-mini',
    '    config:',
    '      tools: [{type: function, function: {name: forecast, description: The weather forecast for a city, parameters: {type: object, properties: {city: {type: string}}, required: [city]}}}]',
    ...(options.toolChoice ? [`      tool_choice: ${options.toolChoice}`] : []),
    ...(options.simHints ? ['sim:', '  rules:', '    - {id: city, phrase: city the user names, instruction: Call the forecast tool with the city the user names.}'] : []),
    'tests:',
    '  - vars: {city: Oslo}',
    ...(options.simHints ? ['    sim: {output: "{{city|Oslo|somewhere}}"}'] : []),
    '    assert:',
    '      - type: is-valid-openai-tools-call',
    '      - type: finish-reason',
    '        value: tool_calls',
    '      - type: javascript',
    `        value: "output[0].function.name === 'forecast' && JSON.parse(output[0].function.arguments).city === 'Oslo'"`,
    '',
  ].join('\n');
}

// `npm run demo`: Skill Trainer on this machine with no setup and no API key.
//
//   npm run demo                          VS Code (code-server) in your browser, with the
//                                         extension installed and the example skills open
//   npm run demo -- --headless [skill]    train one example in the terminal instead
//
// Environment: DEMO_PORT (default 8080, or any free port when 8080 is taken),
// DEMO_HOST (default 127.0.0.1), DEMO_WORKSPACE (a folder to keep instead of a temp
// copy of skills/), ANTHROPIC_API_KEY / OPENAI_API_KEY / GEMINI_API_KEY (use that
// provider instead of the simulated world).
import { parseArgs } from 'node:util';

const usage = `Usage: npm run demo [-- --headless [skill]] [-- --port N] [-- --host ADDRESS]

  (no options)        start VS Code in the browser with the example skills (until Ctrl-C)
  --headless [skill]  train one example in the terminal (default commit-messages)
  --port N            port of the VS Code server (or DEMO_PORT; default 8080, else any free port)
  --host ADDRESS      address to listen on (or DEMO_HOST; default 127.0.0.1)
  --workspace DIR     open and keep DIR (or DEMO_WORKSPACE), created from skills/ when missing

Without ANTHROPIC_API_KEY, OPENAI_API_KEY or GEMINI_API_KEY the demo uses the offline simulated world.`;

function parsePort(text, source) {
  if (text === undefined || text === '') return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${source} must be a port number from 0 to 65535, not '${text}'.`);
  return port;
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      headless: { type: 'boolean', default: false },
      port: { type: 'string' },
      host: { type: 'string' },
      workspace: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (values.headless) {
    const { headlessDemo } = await import('./headless-demo.mjs');
    return headlessDemo({ skill: positionals[0] ?? 'commit-messages' });
  }
  if (positionals.length > 0) throw new Error(`Unexpected argument '${positionals[0]}' (a skill name goes after --headless).\n\n${usage}`);
  const { serveDemo } = await import('./serve-demo.mjs');
  await serveDemo({
    host: values.host ?? process.env.DEMO_HOST ?? '127.0.0.1',
    port: values.port !== undefined ? parsePort(values.port, '--port') : parsePort(process.env.DEMO_PORT, 'DEMO_PORT'),
    workspace: values.workspace ?? process.env.DEMO_WORKSPACE,
  });
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  async (error) => {
    console.error(`\ndemo: ${error?.message ?? error}`);
    // Whatever was started (code-server, temp folders) is stopped and removed.
    const { runCleanups } = await import('../vscode-test/cleanup.mjs');
    await runCleanups();
    process.exit(1);
  },
);

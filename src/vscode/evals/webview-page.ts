/**
 * The frame of the small webview pages of eval tools (draft review, diagnostics): a
 * strict Content-Security-Policy (nothing by default; inline style and script only
 * with this page's nonce), the editor's theme colours, and buttons that post
 * `{type, id}` messages to the extension.
 */
import { randomBytes } from 'node:crypto';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}

/** A button that posts `{type: action, id}` when clicked. */
export function actionButton(label: string, action: string, options: { id?: string; secondary?: boolean; title?: string } = {}): string {
  const id = options.id === undefined ? '' : ` data-id="${escapeHtml(options.id)}"`;
  const title = options.title ? ` title="${escapeHtml(options.title)}"` : '';
  return `<button type="button" class="${options.secondary ? 'secondary' : 'primary'}" data-action="${escapeHtml(action)}"${id}${title}>${escapeHtml(label)}</button>`;
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 20px 24px; line-height: 1.45; }
h1 { font-size: 1.35em; font-weight: 600; margin: 16px 0 4px; }
h2 { font-size: 1.1em; margin: 0; font-weight: 600; }
.lead { color: var(--vscode-descriptionForeground); margin: 0 0 12px; }
.toolbar { display: flex; gap: 8px; flex-wrap: wrap; margin: 8px 0 16px; }
button { font: inherit; border: 1px solid var(--vscode-button-border, transparent); padding: 4px 12px; border-radius: 2px; cursor: pointer; }
button.primary { background: var(--vscode-button-background); color: var(--vscode-button-foreground); }
button.primary:hover { background: var(--vscode-button-hoverBackground); }
button.secondary { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); }
button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
button:disabled { opacity: 0.5; cursor: default; }
.card { border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, #8884)); border-radius: 4px; padding: 12px 14px; margin: 0 0 12px; }
.card header { display: flex; align-items: baseline; gap: 8px; flex-wrap: wrap; }
.badge { font-size: 0.85em; padding: 0 6px; border-radius: 8px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
.badge.warning { background: var(--vscode-editorWarning-foreground, #cca700); color: var(--vscode-editor-background); }
.muted { color: var(--vscode-descriptionForeground); }
.label { font-size: 0.85em; text-transform: uppercase; letter-spacing: 0.04em; color: var(--vscode-descriptionForeground); margin: 10px 0 2px; }
pre { white-space: pre-wrap; word-break: break-word; background: var(--vscode-textCodeBlock-background); padding: 6px 8px; margin: 0; font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); max-height: 16em; overflow: auto; }
ul { margin: 2px 0; padding-left: 20px; }
.actions { display: flex; gap: 8px; margin-top: 12px; }
table { border-collapse: collapse; margin: 8px 0 16px; }
th, td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid var(--vscode-panel-border, #8883); }
td.number, th.number { text-align: right; }
.advice { margin: 6px 0 0; }
.empty { padding: 24px 0; }
`;

/** A whole page: `body` inside the themed frame, with the click-to-message script. */
export function webviewPage(title: string, body: string, cspSource: string): string {
  const nonce = randomBytes(16).toString('base64');
  const csp = ["default-src 'none'", `style-src 'nonce-${nonce}'`, `font-src ${cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <style nonce="${nonce}">${STYLE}</style>
  <title>${escapeHtml(title)}</title>
</head>
<body>
${body}
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button || button.disabled) return;
    for (const other of document.querySelectorAll('button[data-action]')) other.disabled = true;
    vscode.postMessage({ type: button.dataset.action, id: button.dataset.id });
  });
</script>
</body>
</html>`;
}

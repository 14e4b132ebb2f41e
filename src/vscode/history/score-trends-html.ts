/**
 * The score-trends webview's page: a strict Content-Security-Policy (nothing by
 * default; the bundled script by nonce; styles and images only from the webview's
 * own resource origin) and the bundle built by esbuild into `dist/score-trends/`.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** The bundle's folder inside the extension: the webview's only local resource root. */
export function scoreTrendsAssetsRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'score-trends');
}

/** A fresh nonce per page load (base64 of 16 random bytes). */
function createNonce(): string {
  return randomBytes(16).toString('base64');
}

export function scoreTrendsHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const root = scoreTrendsAssetsRoot(extensionUri);
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'score-trends.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'score-trends.css'));
  const nonce = createNonce();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${style.toString()}">
  <title>Score Trends</title>
</head>
<body>
  <main id="app" aria-live="polite"><p class="loading">Loading score trends…</p></main>
  <script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

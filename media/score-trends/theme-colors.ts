/**
 * The chart's colours and font, read from the VS Code theme. A canvas cannot use CSS
 * variables, so they are read with getComputedStyle and read again when the theme
 * changes (VS Code swaps the body's `vscode-dark` / `vscode-light` / … class).
 */

/** Colours by role (CSS colour strings). */
export interface ChartTheme {
  readonly validation: string;
  readonly best: string;
  readonly train: string;
  readonly budget: string;
  readonly accepted: string;
  readonly newBest: string;
  readonly rejected: string;
  readonly foreground: string;
  readonly grid: string;
  readonly background: string;
  /** Colours for other runs drawn over the first one. */
  readonly overlays: readonly string[];
  /** CSS font for axes, e.g. `12px "Segoe UI", sans-serif`. */
  readonly font: string;
  readonly fontFamily: string;
}

/** A theme variable's value, else the fallback (themes may leave chart colours unset). */
function variable(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const value = style.getPropertyValue(name).trim();
  return value.length > 0 ? value : fallback;
}

export function readChartTheme(): ChartTheme {
  const style = getComputedStyle(document.body);
  const foreground = variable(style, '--vscode-editor-foreground', variable(style, '--vscode-foreground', '#cccccc'));
  const fontFamily = variable(style, '--vscode-font-family', 'system-ui, sans-serif');
  const fontSize = variable(style, '--vscode-font-size', '13px');
  return {
    validation: variable(style, '--vscode-charts-blue', '#3794ff'),
    best: variable(style, '--vscode-charts-green', '#89d185'),
    train: variable(style, '--vscode-charts-orange', '#d18616'),
    budget: variable(style, '--vscode-descriptionForeground', '#9d9d9d'),
    accepted: variable(style, '--vscode-charts-green', '#89d185'),
    newBest: variable(style, '--vscode-charts-yellow', '#cca700'),
    rejected: variable(style, '--vscode-charts-red', '#f14c4c'),
    foreground,
    grid: variable(style, '--vscode-charts-lines', 'rgba(128, 128, 128, 0.35)'),
    background: variable(style, '--vscode-editor-background', '#1e1e1e'),
    overlays: [
      variable(style, '--vscode-charts-purple', '#b180d7'),
      variable(style, '--vscode-terminal-ansiCyan', '#11a8cd'),
      variable(style, '--vscode-terminal-ansiMagenta', '#bc3fbc'),
      variable(style, '--vscode-charts-foreground', foreground),
    ],
    // Axis text one pixel smaller than the UI text (12 px with the default 13 px), never below 11 px.
    font: `${Math.max(11, (Number.parseFloat(fontSize) || 13) - 1)}px ${fontFamily}`,
    fontFamily,
  };
}

/**
 * The theme as VS Code marks it: the body's class (`vscode-dark`, `vscode-light`,
 * `vscode-high-contrast`…) and the variables it writes into `<html style="…">`.
 */
function themeSignature(): string {
  return `${document.body.className}|${document.documentElement.getAttribute('style') ?? ''}`;
}

/** Calls `onChange` when VS Code switches the theme. */
export function onThemeChange(onChange: () => void): void {
  let last = themeSignature();
  const observer = new MutationObserver(() => {
    const kind = themeSignature();
    if (kind === last) return;
    last = kind;
    onChange();
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  // A colour change within one kind of theme shows only in the variables.
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
}

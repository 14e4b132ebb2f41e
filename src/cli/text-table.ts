/**
 * Plain-text tables for the terminal: columns padded to their widest cell, the last
 * column left ragged (it holds free text such as failure reasons). A cell is cut at a
 * maximum width with an ellipsis, or, in a wrapping column, wrapped onto as many lines as
 * it needs so nothing is lost (one reason per line, each fitted to the terminal).
 */

export interface TableColumn {
  header: string;
  /** Right-align (numbers). Default left. */
  align?: 'left' | 'right';
  /** Longest cell in characters; longer cells end in '…'. Default unlimited. */
  maxWidth?: number;
  /**
   * Wrap instead of cutting (the last column only): each line of the cell (`\n`) starts a
   * new line, and lines longer than the room left of the table's width wrap at spaces.
   */
  wrap?: boolean;
}

export interface TableOptions {
  /** Width of the whole table in characters (the terminal's); a wrapping column fills what is left. */
  width?: number;
}

/** Narrowest a wrapping column gets, however little room the terminal leaves (characters). */
const MIN_WRAP_WIDTH = 30;

function cut(text: string, maxWidth: number | undefined): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  if (maxWidth === undefined || oneLine.length <= maxWidth) return oneLine;
  return `${oneLine.slice(0, Math.max(0, maxWidth - 1))}…`;
}

/** Wraps `text` at spaces to lines of at most `width` characters (a longer word is split). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((part) => part.length > 0)) {
      for (let rest = word; rest.length > 0; ) {
        const room = line === '' ? width : width - line.length - 1;
        if (rest.length <= room) {
          line = line === '' ? rest : `${line} ${rest}`;
          rest = '';
        } else if (line !== '') {
          lines.push(line);
          line = '';
        } else {
          lines.push(rest.slice(0, width));
          rest = rest.slice(width);
        }
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Renders `rows` under `columns`' headers, two spaces between columns; a wrapped cell adds lines to its row. */
export function formatTable(columns: readonly TableColumn[], rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  const fixed = rows.map((row) => columns.map((column, index) => (column.wrap ? '' : cut(row[index] ?? '', column.maxWidth))));
  const widths = columns.map((column, index) => Math.max(column.header.length, ...fixed.map((row) => row[index]!.length)));
  const used = columns.reduce((sum, column, index) => (column.wrap ? sum : sum + widths[index]! + 2), 0);
  const wrapWidth = options.width === undefined ? undefined : Math.max(MIN_WRAP_WIDTH, options.width - 1 - used);
  const cells = rows.map((row, rowIndex) =>
    columns.map((column, index) => {
      if (!column.wrap) return [fixed[rowIndex]![index]!];
      const text = row[index] ?? '';
      return wrapWidth === undefined ? text.split(/\r?\n/) : wrapText(text, wrapWidth);
    }),
  );
  cells.forEach((row) => row.forEach((lines, index) => (widths[index] = Math.max(widths[index]!, ...lines.map((line) => line.length)))));
  const render = (row: readonly string[]) =>
    row
      .map((cell, index) => {
        const last = index === columns.length - 1;
        if (columns[index]!.align === 'right') return cell.padStart(widths[index]!);
        return last ? cell : cell.padEnd(widths[index]!);
      })
      .join('  ')
      .trimEnd();
  const lines = [render(columns.map((column) => column.header))];
  for (const row of cells) {
    const height = Math.max(...row.map((cell) => cell.length));
    for (let line = 0; line < height; line++) lines.push(render(row.map((cell) => cell[line] ?? '')));
  }
  return lines.join('\n');
}

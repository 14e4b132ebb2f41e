/**
 * Plain-text tables for the terminal: columns padded to their widest cell, the last
 * column left ragged (it holds free text such as failure reasons), cells cut at a
 * maximum width with an ellipsis.
 */

export interface TableColumn {
  header: string;
  /** Right-align (numbers). Default left. */
  align?: 'left' | 'right';
  /** Longest cell in characters; longer cells end in '…'. Default unlimited. */
  maxWidth?: number;
}

function cut(text: string, maxWidth: number | undefined): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  if (maxWidth === undefined || oneLine.length <= maxWidth) return oneLine;
  return `${oneLine.slice(0, Math.max(0, maxWidth - 1))}…`;
}

/** Renders `rows` under `columns`' headers, two spaces between columns, one line per row. */
export function formatTable(columns: readonly TableColumn[], rows: readonly (readonly string[])[]): string {
  const cells = rows.map((row) => columns.map((column, index) => cut(row[index] ?? '', column.maxWidth)));
  const widths = columns.map((column, index) => Math.max(column.header.length, ...cells.map((row) => row[index]!.length)));
  const render = (row: readonly string[]) =>
    row
      .map((cell, index) => {
        const last = index === columns.length - 1;
        if (columns[index]!.align === 'right') return cell.padStart(widths[index]!);
        return last ? cell : cell.padEnd(widths[index]!);
      })
      .join('  ')
      .trimEnd();
  return [render(columns.map((column) => column.header)), ...cells.map(render)].join('\n');
}

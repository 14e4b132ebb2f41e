/**
 * RFC 4180 CSV: comma-separated fields, double quotes around fields that hold commas,
 * quotes (doubled) or line breaks; CRLF or LF line ends. Enough for promptfoo's test
 * tables; no other dialects.
 */

/** One data row: header → cell, and the 1-based line the row starts on. */
export interface CsvRow {
  line: number;
  cells: Record<string, string>;
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** Parses a CSV text whose first row is the header. Blank lines are skipped. */
export function parseCsv(text: string): { header: string[]; rows: CsvRow[] } {
  const records = parseRecords(text.replace(/^\uFEFF/, ''));
  const [headerRecord, ...dataRecords] = records;
  if (!headerRecord) return { header: [], rows: [] };
  const header = headerRecord.fields.map((name) => name.trim());
  const rows = dataRecords.map((record) => {
    if (record.fields.length > header.length) {
      throw new CsvSyntaxError(`has ${record.fields.length} cells but the header has ${header.length} columns`, record.line);
    }
    const cells: Record<string, string> = {};
    header.forEach((name, index) => (cells[name] = record.fields[index] ?? ''));
    return { line: record.line, cells };
  });
  return { header, rows };
}

function parseRecords(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let index = 0;
  let quotedField = false;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '' && !quotedField)) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    quotedField = false;
  };
  while (index < text.length) {
    const char = text[index];
    if (char === '"' && field === '' && !quotedField) {
      const start = line;
      quotedField = true;
      index++;
      for (;;) {
        if (index >= text.length) throw new CsvSyntaxError('has a quoted cell that is never closed; add the closing "', start);
        if (text[index] === '"') {
          if (text[index + 1] === '"') {
            field += '"';
            index += 2;
            continue;
          }
          index++;
          break;
        }
        if (text[index] === '\n') line++;
        field += text[index++];
      }
    } else if (char === ',') {
      fields.push(field);
      field = '';
      quotedField = false;
      index++;
    } else if (char === '\n' || char === '\r') {
      endRecord();
      index += char === '\r' && text[index + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      field += char;
      index++;
    }
  }
  if (field !== '' || fields.length > 0 || quotedField) endRecord();
  return records;
}

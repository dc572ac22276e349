// Which export the user picked: each file (ZIPs expanded) is decoded and offered to every registered format
// (formats/registry.ts), then the set is checked: one service's files, or one CineLocal file.
import { columnKey, readCsvTable } from './csvTable';
import type { ImportFormat, SniffedFile } from './formats/format';
import { expectedExports, IMPORT_FORMATS, orList } from './formats/registry';
import { decodeText, looksBinary, quoteCell } from './text';
import type { DetectedImport, IgnoredFile, InputFile, RecognisedFile, UnknownReason } from './types';
import { ArchiveError, isZip, MAX_ARCHIVE_UNCOMPRESSED_BYTES, readZip } from './zip';

/** Refuse imports whose files hold more than this in total (after unzipping): a lifetime export is a few MB. */
export const MAX_IMPORT_TOTAL_BYTES = MAX_ARCHIVE_UNCOMPRESSED_BYTES;

/** Said whenever nothing could be recognised, so the user learns which file to pick. */
export const EXPECTED_EXPORTS = expectedExports();

/** The file as every format's detect sees it: the header (first 64 KB) and the JSON read once. */
function sniff(name: string, text: string): SniffedFile {
  const parts = name.split(/[\\/]/);
  const isJson = /\.json$/i.test(name) || (!/\.csv$/i.test(name) && /^[[{]/.test(text.trimStart()));
  // The header is all that is needed to recognise a CSV file.
  const header = isJson ? [] : readCsvTable(name, text.slice(0, 64 * 1024)).header;
  let json: { value: unknown } | undefined;
  return {
    name,
    base: parts[parts.length - 1].toLowerCase(),
    folders: parts.slice(0, -1).map((f) => f.toLowerCase()),
    text,
    isJson,
    header,
    columns: new Set(header.map(columnKey)),
    json() {
      if (!json) {
        try {
          json = { value: JSON.parse(text) };
        } catch {
          json = { value: undefined };
        }
      }
      return json.value;
    },
  };
}

type Classified = { format: string; by: ImportFormat } | { ignore: string } | { unknown: string };

/** The first format that claims the file has it; else the first that calls it its own but not history; else unknown. */
function classify(file: SniffedFile, formats: readonly ImportFormat[]): Classified {
  let ignore: string | undefined;
  for (const format of formats) {
    const verdict = format.detect(file);
    if (verdict && 'format' in verdict) return { format: verdict.format, by: format };
    if (verdict) ignore ??= verdict.ignore;
  }
  if (ignore !== undefined) return { ignore };
  if (file.isJson) {
    if (file.json() === undefined) return { unknown: 'is not valid JSON' };
    return { unknown: `is JSON, but not a ${orList(formats.filter((f) => f.json).map((f) => f.name)) || 'known'} export` };
  }
  const shown = file.header.length > 0 ? `its header is ${quoteCell(file.header.join(','), 80)}` : 'it has no header line';
  return { unknown: `is not a rating export this app reads (${shown})` };
}

function unknown(reason: UnknownReason, message: string, ignored: IgnoredFile[], warnings: string[]): DetectedImport {
  return { kind: 'unknown', reason, message, ignored, warnings };
}

function isSpreadsheet(entries: { name: string }[]): boolean {
  return entries.some((e) => e.name === '[Content_Types].xml' || e.name.startsWith('xl/') || e.name === 'content.xml');
}

/**
 * Recognises the export in `files` (one or more; ZIPs are expanded, capped). Never throws for bad content: anything
 * that cannot be imported comes back as kind 'unknown' with a message naming the file and what was expected.
 */
export async function detectImport(files: InputFile[], formats: readonly ImportFormat[] = IMPORT_FORMATS): Promise<DetectedImport> {
  const expected = formats === IMPORT_FORMATS ? EXPECTED_EXPORTS : expectedExports(formats);
  const ignored: IgnoredFile[] = [];
  const warnings: string[] = [];
  if (files.length === 0) return unknown('empty', 'No file was chosen.', ignored, warnings);
  const candidates: InputFile[] = [];
  let totalBytes = 0;
  for (const file of files) {
    if (isZip(file.bytes)) {
      let entries;
      try {
        entries = await readZip(file.name, file.bytes);
      } catch (error) {
        if (error instanceof ArchiveError) return unknown(error.reason, error.message, ignored, warnings);
        throw error;
      }
      if (isSpreadsheet(entries.skipped)) {
        return unknown(
          'unrecognised',
          `${file.name} is a spreadsheet workbook, not an export: open it and save it as CSV (UTF-8), or pick the export the service sent.`,
          ignored,
          warnings,
        );
      }
      for (const skipped of entries.skipped) ignored.push({ name: `${file.name}/${skipped.name}`, reason: skipped.reason });
      for (const entry of entries.entries) {
        candidates.push({ name: entry.name, bytes: entry.bytes });
        totalBytes += entry.bytes.length;
      }
      if (entries.entries.length === 0 && files.length === 1)
        return unknown('empty', `${file.name} holds no CSV or JSON files. ${expected}`, ignored, warnings);
    } else {
      candidates.push(file);
      totalBytes += file.bytes.length;
    }
    if (totalBytes > MAX_IMPORT_TOTAL_BYTES) {
      return unknown('too-large', `The files hold more than ${MAX_IMPORT_TOTAL_BYTES / 1048576} MB of text; an export is a few MB.`, ignored, warnings);
    }
  }

  const recognised: (RecognisedFile & { by: ImportFormat })[] = [];
  const problems: { name: string; detail: string; reason: UnknownReason }[] = [];
  for (const file of candidates) {
    if (file.bytes.length === 0) {
      problems.push({ name: file.name, detail: 'is empty', reason: 'empty' });
      continue;
    }
    if (looksBinary(file.bytes) && !(file.bytes[0] === 0xff && file.bytes[1] === 0xfe) && !(file.bytes[0] === 0xfe && file.bytes[1] === 0xff)) {
      problems.push({ name: file.name, detail: 'is not a text file (CSV or JSON)', reason: 'unreadable' });
      continue;
    }
    const decoded = decodeText(file.name, file.bytes);
    const text = decoded.text.replace(/^\uFEFF/, '');
    if (text.trim() === '') {
      problems.push({ name: file.name, detail: 'is empty', reason: 'empty' });
      continue;
    }
    const verdict = classify(sniff(file.name, text), formats);
    if ('format' in verdict) {
      if (decoded.warning) warnings.push(decoded.warning);
      recognised.push({ name: file.name, format: verdict.format, text, by: verdict.by });
    } else if ('ignore' in verdict) ignored.push({ name: file.name, reason: verdict.ignore });
    else problems.push({ name: file.name, detail: verdict.unknown, reason: 'unrecognised' });
  }

  if (recognised.length === 0) {
    if (problems.length === 0) {
      const what =
        ignored.length > 0
          ? `Nothing to import: ${ignored
              .map((i) => `${i.name} (${i.reason})`)
              .slice(0, 5)
              .join('; ')}.`
          : 'Nothing to import.';
      return unknown('unrecognised', `${what} ${expected}`, ignored, warnings);
    }
    const reason = problems.every((p) => p.reason === problems[0].reason) ? problems[0].reason : 'unrecognised';
    const listed = problems
      .slice(0, 5)
      .map((p) => `${p.name} ${p.detail}.`)
      .join(' ');
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more files)` : '';
    return unknown(reason, `${listed}${more} ${expected}`, ignored, warnings);
  }
  // Inside a recognised export, files we do not know are just left out (and listed).
  for (const p of problems) ignored.push({ name: p.name, reason: p.detail });

  const sources = [...new Set(recognised.map((r) => r.by))];
  if (sources.length > 1) {
    const bySource = sources.map(
      (s) =>
        `${s.name}: ${recognised
          .filter((r) => r.by === s)
          .map((r) => r.name)
          .join(', ')}`,
    );
    return unknown('mixed', `These files come from different services (${bySource.join('; ')}); import one service's export at a time.`, ignored, warnings);
  }
  const format = sources[0];
  if (format.own) {
    if (recognised.length > 1)
      return unknown('mixed', `Import ${format.name} exports one at a time (${recognised.map((r) => r.name).join(', ')}).`, ignored, warnings);
    return { kind: 'cinelocal', file: { name: recognised[0].name, text: recognised[0].text }, ignored, warnings };
  }
  const historyFiles: RecognisedFile[] = recognised.map(({ name, format, text }) => ({ name, format, text }));
  const source = format.kindOf ? format.kindOf(historyFiles) : Object.keys(format.kinds)[0];
  return { kind: 'history', source, files: historyFiles, ignored, warnings };
}

// Small helpers of the import page and the Letterboxd export: saving text as a download, file names, failure wording.

/** Offers `text` as a file download. */
export function downloadText(fileName: string, text: string, type: string): void {
  downloadBlob(new Blob([text], { type }), fileName);
}

/** Offers a blob as a file download (the object URL is released once the click has been handled). */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function safeName(profileName: string): string {
  return (
    profileName
      .normalize('NFKD')
      .replace(/[^\w-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase() || 'profile'
  );
}

export function letterboxdFileName(profileName: string, now: Date = new Date()): string {
  return `cinelocal-for-letterboxd-${safeName(profileName)}-${now.toISOString().slice(0, 10)}.csv`;
}

export function notFoundFileName(now: Date = new Date()): string {
  return `cinelocal-import-not-found-${now.toISOString().slice(0, 10)}.csv`;
}

/** An engine call's failure in plain words (EngineError messages are written for people already). */
export function describeEngineFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim() || 'the engine did not answer.';
}

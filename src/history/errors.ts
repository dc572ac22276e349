// The one error for an import file that cannot be read at all (nothing imported): own export or another service's history.

/** The whole file was rejected; the message names the file, row or field and says why. */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileError';
  }
}

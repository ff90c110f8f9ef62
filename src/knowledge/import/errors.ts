// Why an import stopped. The CLI prints it as one line, `<file>: <reason>`, and writes nothing.

export class ImportError extends Error {
  constructor(readonly reason: string) {
    super(reason)
  }
}

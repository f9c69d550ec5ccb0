/** The `fieldValidation` query parameter of a PATCH; the API server's default is `Warn`. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** Options shared by the request-body checks of the patch content types. */
export interface PatchBodyOptions {
  /**
   * Changes only the wording of decode errors, as in the API server: with `Strict` or `Warn` the
   * body is first decoded strictly (`error decoding patch: ...`), with `Ignore` it is not.
   * Defaults to `Warn`.
   */
  fieldValidation?: FieldValidation;
}

/** True when the apiserver would decode the body strictly first (Strict and Warn). */
export function strictDecoding(options: PatchBodyOptions | undefined): boolean {
  return (options?.fieldValidation ?? 'Warn') !== 'Ignore';
}

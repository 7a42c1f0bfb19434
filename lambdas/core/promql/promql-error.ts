import { PlatformError } from '../domain/errors';

/** A query that does not parse or type-check; `position` is the character offset of the problem. */
export class PromqlParseError extends PlatformError {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super('invalid_argument', `parse error at char ${position + 1}: ${message}`, [{ position }]);
    this.name = 'PromqlParseError';
  }
}

/** A query that parsed but failed while evaluating (too many samples, duplicate series, bad arguments). */
export class PromqlEvalError extends PlatformError {
  constructor(message: string) {
    super('unprocessable', message);
    this.name = 'PromqlEvalError';
  }
}

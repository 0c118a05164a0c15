import type { Problem } from './validate.js';

/** Raised when a topology cannot be used; carries every problem found, each with path and id. */
export class TopologyError extends Error {
  readonly problems: Problem[];

  constructor(message: string, problems: Problem[]) {
    super(message);
    this.name = 'TopologyError';
    this.problems = problems;
  }
}

/** A message without the name of the function that raised it (`plan-exact: mandatory works cost …` → `mandatory works cost …`), for people. */
const withoutOrigin = (message: string) => message.replace(/^[\w-]+: /, '');

/** Raised when a request names something the topology does not hold (a head-end, a link, a site…). */
export class UnknownReferenceError extends Error {
  readonly field: string;
  readonly id: string;

  constructor(field: string, id: string, message: string) {
    super(message);
    this.name = 'UnknownReferenceError';
    this.field = field;
    this.id = id;
  }

  /** What is wrong, without the function that found it. */
  get reason(): string {
    return withoutOrigin(this.message);
  }
}

/**
 * Raised when an option of an engine function is out of its domain (a negative budget, a
 * detour factor below 1…). `field` names the option as the function's options object does.
 */
export class InvalidOptionError extends Error {
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.name = 'InvalidOptionError';
    this.field = field;
  }

  /** What is wrong, without the function that found it. */
  get reason(): string {
    return withoutOrigin(this.message);
  }
}

/**
 * Raised when a database cannot be used: unreachable, credentials refused, a database, schema or
 * table missing. `field` names what was given (the URL, its `schema` parameter, a table); the
 * message says what is wrong in words, never with the password.
 */
export class DatabaseError extends Error {
  readonly field: string;
  /** The server's SQLSTATE or the socket's error code, when there is one. */
  readonly code?: string;

  constructor(field: string, message: string, code?: string) {
    super(message);
    this.name = 'DatabaseError';
    this.field = field;
    this.code = code;
  }
}

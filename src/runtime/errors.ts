// An error that carries a coded message, so that the CLI and the UI show the same words.
import { renderIssue, type Issue } from '../messages';

export class TensorloomError extends Error {
  readonly issue: Issue;

  constructor(issue: Issue, options?: { cause?: unknown }) {
    super(renderIssue(issue), options);
    this.name = 'TensorloomError';
    this.issue = issue;
  }
}

import { ErrorCodes, ResponseError, type InitializeError } from 'vscode-languageserver';

/**
 * Where the server is in the LSP lifecycle. The specification answers a
 * request before `initialize` with ServerNotInitialized and one after
 * `shutdown` with InvalidRequest, and accepts `initialize` once;
 * vscode-languageserver leaves all three to the server.
 */
export class Lifecycle {
  private state: 'starting' | 'running' | 'shutDown' = 'starting';

  /** On `initialize`: undefined the first time, the error to answer with after that. */
  initialize(): ResponseError<InitializeError> | undefined {
    if (this.state !== 'starting') return new ResponseError(ErrorCodes.InvalidRequest, 'the server is already initialized', { retry: false });
    this.state = 'running';
    return undefined;
  }

  /** On `shutdown`: from now on requests are refused (a second shutdown too). */
  shutdown(): void {
    this.refuseUnlessRunning();
    this.state = 'shutDown';
  }

  /** `handler`, answering only while the server runs, with the protocol's error otherwise. */
  serve<A extends unknown[], R>(handler: (...args: A) => R): (...args: A) => R {
    return (...args) => {
      this.refuseUnlessRunning();
      return handler(...args);
    };
  }

  private refuseUnlessRunning(): void {
    if (this.state === 'starting') throw new ResponseError(ErrorCodes.ServerNotInitialized, 'the server is not initialized yet');
    if (this.state === 'shutDown') throw new ResponseError(ErrorCodes.InvalidRequest, 'the server is shut down');
  }
}

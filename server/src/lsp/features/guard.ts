/**
 * Every handler runs inside a guard: an exception is logged with its stack
 * and answered with a neutral value, so one odd file never kills the server.
 */
import { ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import type { Logger } from '../../core';

export function guard<P, R>(
  logger: Logger,
  name: string,
  fallback: R,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
): (params: P, token: CancellationToken) => Promise<R> {
  return async (params, token) => {
    if (token?.isCancellationRequested) return fallback;
    try {
      return await handler(params, token);
    } catch (e) {
      // A ResponseError is a deliberate answer (e.g. a refused rename), not a crash.
      if (e instanceof ResponseError) throw e;
      logger.error(`${name} failed: ${(e as Error).stack ?? e}`);
      return fallback;
    }
  };
}

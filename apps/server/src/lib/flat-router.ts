import type { Context, Env, ErrorHandler, MiddlewareHandler, Next } from "hono";
import type { Result, Router } from "hono/router";
import type { H, RouterRoute } from "hono/types";

type Entry = [H, RouterRoute];

/** What answers a path no route knows: its route is named after it, so metrics can say "unmatched". */
export type NotFound = (c: Context) => Response;

/**
 * A router that hands Hono one handler per route: the matched middleware and handlers run in
 * one chain that stays synchronous as long as every step does. Hono's own compose makes each
 * layer an async function (a promise and a turn of the microtask queue per layer), and the Node
 * adapter then takes its slow path for a promised response (a close listener and an awaited
 * write per request). A good Bearer call through five layers did all of that for nothing.
 *
 * Semantics are compose's: a step's response becomes `c.res`; an error thrown at any depth is
 * answered by `onError` there (with `c.error` set), so the layers around it still run their
 * after-work and see the answer. Steps may return a promise; the chain then continues on it.
 * The route a chain stands for (what `matchedRoutes` and the metrics' route template read) is
 * its last step not registered with `use()`, or the not-found handler when every step is
 * middleware.
 */
export class FlatRouter implements Router<Entry> {
  readonly name = "FlatRouter";
  private readonly chains = new WeakMap<object, [Entry, Record<string, number>][]>();

  constructor(
    private readonly inner: Router<Entry>,
    private readonly onError: ErrorHandler,
    private readonly notFound: NotFound,
  ) {}

  add(method: string, path: string, handler: Entry) {
    this.inner.add(method, path, handler);
  }

  match(method: string, path: string): Result<Entry> {
    const result = this.inner.match(method, path);
    const [entries] = result;
    if (entries.length === 0) return result;
    // The matched list is the router's own array, the same for every request to a route.
    let chain = this.chains.get(entries);
    if (!chain) {
      chain = [this.flatten(entries as [Entry, Record<string, number>][])];
      this.chains.set(entries, chain);
    }
    return (result.length === 2 ? [chain, result[1]] : [chain]) as Result<Entry>;
  }

  private flatten(entries: [Entry, Record<string, number>][]): [Entry, Record<string, number>] {
    const steps = entries.map(([[handler]]) => handler);
    const answering = entries.findLast(([[, route]]) => route.method !== "ALL");
    const route: RouterRoute = answering?.[0][1] ?? { basePath: "/", path: "/*", method: "ALL", handler: this.notFound };
    return [[runChain(steps, this.onError), route], answering?.[1] ?? {}];
  }
}

/**
 * Middleware that may finish synchronously. Hono's type wants a promise; Hono's compose awaits
 * whatever comes back, and FlatRouter passes a synchronous answer on as it is.
 */
export const syncMiddleware = <E extends Env>(handler: (c: Context<E>, next: Next) => Promise<void | Response> | Response | void) =>
  handler as MiddlewareHandler<E>;

function runChain(steps: H[], onError: ErrorHandler) {
  return (c: Context, last: Next): Response | Promise<Response> => {
    const done = new ChainRun(c, steps, onError, last).dispatch(0);
    return done instanceof Promise ? done.then(() => c.res) : c.res;
  };
}

/** One request's walk down a chain: one object and one `next` per request, not a closure per step. */
class ChainRun {
  private index = 0;

  constructor(
    private readonly c: Context,
    private readonly steps: H[],
    private readonly onError: ErrorHandler,
    private readonly last: Next,
  ) {}

  // Each step calls it once, before any deeper step has run: the one after `index` is next.
  // It returns undefined when the rest of the chain finished synchronously: middleware that
  // awaits it is unaffected, middleware that checks for a promise stays synchronous.
  private readonly next = (() => this.dispatch(this.index + 1)) as Next;

  dispatch(index: number): void | Promise<void> {
    this.index = index;
    const step = index < this.steps.length ? this.steps[index] : this.last;
    if (!step) return;
    let result: unknown;
    try {
      result = step(this.c, this.next);
    } catch (error) {
      return this.fail(error);
    }
    if (result instanceof Promise)
      return result.then(
        (response) => this.answer(response, false),
        (error) => this.fail(error),
      );
    this.answer(result, false);
  }

  private answer(response: unknown, isError: boolean) {
    if (response && (!this.c.finalized || isError)) this.c.res = response as Response;
  }

  private fail(error: unknown): void | Promise<void> {
    const c = this.c;
    c.error = error instanceof Error ? error : new Error(String(error));
    const handled = this.onError(c.error, c);
    if (handled instanceof Promise) return handled.then((response) => this.answer(response, true));
    this.answer(handled, true);
  }
}

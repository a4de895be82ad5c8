// The state of the two things pages do over and over: load data (with "loading", an error and
// a retry) and run an action from a form (busy while it runs; on failure the error, with focus
// moved to its alert so keyboard and screen-reader users hear it).
import { tick } from 'svelte';

/** Data loaded by `fetch`: `value` is null until it has come, `error` set when it failed. */
export class Loader<T> {
  value = $state<T | null>(null);
  error = $state<unknown>(null);
  private readonly fetch: () => Promise<T>;

  constructor(fetch: () => Promise<T>) {
    this.fetch = fetch;
  }

  /** Loads (again); resolves when done, failed or not. */
  load = async (): Promise<void> => {
    this.error = null;
    try {
      this.value = await this.fetch();
    } catch (e) {
      this.error = e;
    }
  };
}

/** Something that can take the focus (a ProblemAlert, an ErrorSummary). */
interface Focusable {
  focus(): void | Promise<void>;
}

/** An action started from a form: bind the form's ProblemAlert to `alert`. */
export class Action {
  busy = $state(false);
  error = $state<unknown>(null);
  alert = $state.raw<Focusable | undefined>();

  /**
   * Runs `fn` (busy meanwhile). On failure keeps the error, lets `failed` react to it at once,
   * then, once the page shows it, focuses what `focus` picks (by default the alert). Resolves to
   * whether `fn` succeeded.
   */
  async run(
    fn: () => Promise<void>,
    options: { failed?: (e: unknown) => void; focus?: (e: unknown) => Focusable | null | undefined } = {},
  ): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      await fn();
      return true;
    } catch (e) {
      this.error = e;
      options.failed?.(e);
      await tick();
      await (options.focus ? options.focus(e) : this.alert)?.focus();
      return false;
    } finally {
      this.busy = false;
    }
  }
}

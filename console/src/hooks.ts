// Small hooks shared by the screens: loading data, polling it, sending a change, naming the page.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { focusField } from './components/Field';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again; `quiet` keeps what is shown while it does (polling). */
  reload: (quiet?: boolean) => Promise<void>;
  setData: (data: T) => void;
}

/** Loads `load()` when `deps` change; a slower earlier answer never overwrites a newer one. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async (quiet = false) => {
    const mine = ++generation.current;
    if (!quiet) setState((s) => ({ ...s, loading: true }));
    try {
      const data = await loadRef.current();
      if (mine === generation.current) setState({ data, error: undefined, loading: false });
    } catch (error) {
      if (mine === generation.current) setState((s) => ({ data: quiet ? s.data : undefined, error, loading: false }));
    }
  }, []);

  useEffect(() => {
    void reload();
    return () => {
      generation.current++;
    };
  }, deps);

  const setData = useCallback((data: T) => setState({ data, error: undefined, loading: false }), []);
  return { ...state, reload, setData };
}

/**
 * Calls `tick` every `ms` while `enabled`, waiting for each call to finish before timing the next, and
 * skipping while the tab is hidden (it catches up as soon as the tab shows again).
 */
export function usePoll(tick: () => unknown, ms: number, enabled = true): void {
  const tickRef = useRef(tick);
  tickRef.current = tick;
  useEffect(() => {
    if (!enabled) return;
    let timer: number | undefined;
    let stopped = false;
    let running = false;
    const run = async () => {
      if (running) return;
      running = true;
      if (!document.hidden) {
        try {
          await tickRef.current();
        } catch {
          // The screen shows its own errors; polling just tries again.
        }
      }
      running = false;
      if (!stopped) timer = window.setTimeout(() => void run(), ms);
    };
    const onVisible = () => {
      if (document.hidden || stopped) return;
      window.clearTimeout(timer);
      void run();
    };
    timer = window.setTimeout(() => void run(), ms);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [ms, enabled]);
}

export interface Action {
  /** True while a call runs. */
  busy: boolean;
  /** What the last call threw (or what setError was given); null once a call starts. */
  error: unknown;
  setError: (error: unknown) => void;
  /**
   * Runs `call`, busy meanwhile; resolves whether it succeeded. After a failure, `failed` runs before
   * busy clears (to reload, announce or move focus).
   */
  run: (call: () => Promise<unknown>, failed?: (caught: unknown) => unknown) => Promise<boolean>;
}

/** A change sent from a button or a form: busy while it runs, and what went wrong to show. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (call: () => Promise<unknown>, failed?: (caught: unknown) => unknown) => {
    setBusy(true);
    setError(null);
    try {
      await call();
      return true;
    } catch (caught) {
      setError(caught);
      await failed?.(caught);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

export interface FormAction extends Action {
  form: { current: HTMLFormElement | null };
  /** run, then on a refusal focus the field the API named, so the message next to it is read. */
  submit: (call: () => Promise<unknown>) => Promise<boolean>;
  /** Shows a refusal found before asking the API, and focuses its field. */
  refuse: (error: unknown) => void;
}

/** useAction for a form (give `form` to the form element's ref). */
export function useFormAction(): FormAction {
  const form = useRef<HTMLFormElement>(null);
  const action = useAction();
  const submit = (call: () => Promise<unknown>) => action.run(call, (caught) => focusField(form.current, caught));
  const refuse = (error: unknown) => {
    action.setError(error);
    focusField(form.current, error);
  };
  return { ...action, form, submit, refuse };
}

/** Sets the browser tab's title for this screen. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Billing console`;
  }, [title]);
}

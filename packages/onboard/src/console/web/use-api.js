import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';

/**
 * The answer of `path` (null while loading), fetched again every `every` ms while `live(data)`
 * holds (a run still going); `error` set when the API refused or failed. `path` may be a list:
 * the answers come as a list, fetched together.
 */
export function useApi(path, { every = 1000, live = () => false } = {}) {
  const key = Array.isArray(path) ? path.join('\n') : path;
  const [state, setState] = useState({ data: null, error: null });
  useEffect(() => {
    let stopped = false;
    let timer;
    const load = async () => {
      try {
        const data = Array.isArray(path) ? await Promise.all(path.map(api)) : await api(path);
        if (stopped) return;
        setState({ data, error: null });
        if (live(data)) timer = setTimeout(load, every);
      } catch (error) {
        if (!stopped) setState((s) => ({ data: s.data, error }));
      }
    };
    setState({ data: null, error: null });
    load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [key]);
  return state;
}

/** Whether a run may still change: planned or running. */
export const going = (run) => run?.status === 'running' || run?.status === 'planned';

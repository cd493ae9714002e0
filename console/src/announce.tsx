// One polite live region for the whole console: status changes and results are read out once.
import { useEffect, useState } from 'preact/hooks';

let speak: ((message: string) => void) | null = null;

export function announce(message: string): void {
  speak?.(message);
}

export function LiveRegion() {
  const [message, setMessage] = useState('');
  useEffect(() => {
    let timer: number | undefined;
    speak = (next) => {
      // Clearing first makes a repeated message count as new.
      setMessage('');
      window.clearTimeout(timer);
      timer = window.setTimeout(() => setMessage(next), 50);
    };
    return () => {
      speak = null;
      window.clearTimeout(timer);
    };
  }, []);
  return (
    <div class="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {message}
    </div>
  );
}

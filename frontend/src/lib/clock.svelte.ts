// The server's clock is the only authority: we keep the server-minus-browser offset measured
// on the last editions fetch and a shared one-second tick for countdowns.
import { clockOffsetMs } from './time';
import type { ApiResult } from './api';

export const clock = $state({ offsetMs: 0, now: Date.now() });

let timer: ReturnType<typeof setInterval> | undefined;
let users = 0;

/** Starts the shared tick; call the returned function to stop using it. */
export function useTick(): () => void {
  users += 1;
  clock.now = Date.now();
  if (!timer) timer = setInterval(() => (clock.now = Date.now()), 1000);
  return () => {
    users -= 1;
    if (users <= 0 && timer) {
      clearInterval(timer);
      timer = undefined;
      users = 0;
    }
  };
}

/** Current server time (ms since epoch) as far as we know it. */
export function serverNow(): number {
  return clock.now + clock.offsetMs;
}

/** Records the clock offset from a response: the HTTP Date header, else a `server_time` field. */
export function syncClock(result: ApiResult<unknown>, serverTime?: string | null): void {
  const date = result.response.headers.get('Date');
  let offset = 0;
  if (date && !Number.isNaN(Date.parse(date))) {
    // The Date header is truncated to the second: add half a second on average.
    offset = clockOffsetMs(date, result.sentAt, result.receivedAt) + 500;
  } else if (serverTime) {
    offset = clockOffsetMs(serverTime, result.sentAt, result.receivedAt);
  } else {
    return;
  }
  clock.offsetMs = offset;
  clock.now = Date.now();
}

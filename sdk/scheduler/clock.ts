/**
 * The scheduler uses the SDK runtime's clock (`now`, `setTimer`), so backoff, permit timeouts and
 * lease renewals run on an injected clock that tests fake.
 */
export { systemClock, type Clock, type TimerHandle } from '../runtime/clock.js';

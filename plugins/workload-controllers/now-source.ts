/** What the controllers need of a clock: the current time in ms since the epoch (sdk Clock and FakeClock fit). */
export interface NowSource {
  now(): number;
}

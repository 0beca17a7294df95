// Short leader election timings for the e2e tests (the defaults are 15 s / 10 s / 2 s).
export const LEASE_TIMINGS = { leaseDurationMs: 4000, renewDeadlineMs: 3000, retryPeriodMs: 500 } as const;

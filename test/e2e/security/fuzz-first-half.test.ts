import { describeFuzz } from './fuzz-suite';

// Requests 0..4999 of the 10,000 (the other half is in fuzz-second-half.test.ts).
describeFuzz(0, 5_000);

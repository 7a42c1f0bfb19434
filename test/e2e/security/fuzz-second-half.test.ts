import { describeFuzz } from './fuzz-suite';

// Requests 5000..9999 of the 10,000 (the first half is in fuzz-first-half.test.ts).
describeFuzz(5_000, 5_000);

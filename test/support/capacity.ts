/**
 * The size a test runs at. `npm test` checks each behaviour at a small size,
 * with no budget on time or memory (a slow, busy machine must still pass);
 * `npm run bench` (bench/capacity.ts) runs the same files with TEST_CAPACITY=1:
 * 1,000-request loads, 100,000-row exports, and the budgets that go with them.
 */
export const CAPACITY = process.env.TEST_CAPACITY === '1'

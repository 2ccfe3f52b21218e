import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // nodejieba and the bot servers are heavy; forks keep native state per file
    pool: 'forks',
    // restify 11's spdy reads process.binding (DEP0111, harmless on Node 20): one warning per file otherwise
    execArgv: ['--disable-warning=DEP0111'],
  },
});

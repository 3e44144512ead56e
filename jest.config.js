/**
 * Jest runs every test under test/ through ts-jest (CommonJS), in band: the integration tests
 * share one database prepared by test/support/global-setup.ts (embedded PGlite in a temp folder,
 * or the PostgreSQL at DATABASE_URL).
 */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  testTimeout: 60000,
  maxWorkers: 1,
};

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/examples/'],
  transform: {
    // Full type-checking: a type error in a test fails the run.
    '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'CommonJS', moduleResolution: 'Node10', target: 'ES2022', isolatedModules: false } }],
  },
  reporters: ['default', '<rootDir>/scripts/jest-summary-line.cjs'],
  // The package's own entries by name, as the CLI and the tests import them, resolved to the sources.
  moduleNameMapper: {
    '^taro-qq-run-data$': '<rootDir>/src/client/index.ts',
    '^taro-qq-run-data/(server|testing)$': '<rootDir>/src/$1/index.ts',
  },
  collectCoverageFrom: ['src/**/*.ts'],
  coverageReporters: ['text-summary', 'text'],
  coverageThreshold: { global: { lines: 100, branches: 100, functions: 100, statements: 100 } },
}

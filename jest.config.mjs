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
  collectCoverageFrom: ['src/**/*.ts'],
  coverageReporters: ['text-summary', 'text'],
  coverageThreshold: { global: { lines: 100, branches: 100, functions: 100, statements: 100 } },
}

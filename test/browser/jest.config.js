/**
 * The auditor's console in a real browser (`npm run test:browser`, issue 15): Debian's chromium
 * driven by playwright-core against the real app. Kept out of the default `npm test`: these files
 * are named *.browser-spec.ts. The global setup builds dist/ (the console bundle included).
 */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/browser'],
  testMatch: ['**/test/browser/**/*.browser-spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }] },
  moduleNameMapper: {
    '^@benefit/(shared|event-store|policy|domain|projections|vault|runtime|workflows)$': '<rootDir>/libs/$1/src',
    '^@benefit/(shared|event-store|policy|domain|projections|vault|runtime|workflows)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  globalSetup: '<rootDir>/test/global-setup.js',
  testTimeout: 240000,
};

import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.next/',
      '.next-*/',
      'lib/generated/',
      '.data/',
      'test-results/',
      'playwright-report/',
      'next-env.d.ts',
      'public/islands/', // built from islands/
    ],
  },
  ...nextCoreWebVitals,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Every interactive transaction of the app is bounded (lock and statement timeouts, see
    // lib/transaction.ts): a bare $transaction could wait on a row lock for ever.
    files: ['lib/**/*.ts', 'pages/**/*.ts', 'pages/**/*.tsx'],
    ignores: ['lib/transaction.ts', '**/*.test.ts', 'testing/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='$transaction']",
          message: 'Use inTransaction() from lib/transaction.ts: it bounds lock waits and statements.',
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);

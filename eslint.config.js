// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'console/dist/**', '.worktrees/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The policy engine is pure: no I/O, no clock, no Node built-ins (see test/architecture).
    files: ['src/policy/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'path', 'http', 'https', 'net', 'crypto', 'os', 'child_process', '*/store/*', '*/server/*', '*/services/*', '*/cli/*', '*/catalog/*'] }],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'setTimeout', 'setInterval', 'fetch', 'require'],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now' }, { object: 'performance', property: 'now' }, { object: 'Math', property: 'random' }],
    },
  },
);

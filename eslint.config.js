import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'public/data', 'coverage', 'test-results', 'playwright-report', '.cache', 'reports', 'dev-dist'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react/no-danger': 'off',
      'no-restricted-syntax': ['error', { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render data as text only.' }],
    },
  },
  {
    // The engine is shared by Node and the worker: no DOM frameworks, no storage, no Node built-ins.
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['dexie', 'react', 'react-dom', 'node:*', 'fs', 'path', 'zlib', 'crypto'] }],
    },
  },
  {
    // The Node shard fetcher (a folder on disk) is the one engine module that reads files; the browser never imports it.
    files: ['src/engine/shards/fetchNode.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['dexie', 'react', 'react-dom'] }],
    },
  },
);

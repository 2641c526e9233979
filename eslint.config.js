// Lint rules, most importantly the architecture's import boundaries
// (the core never imports electron, react or the DOM).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import layers from './build/eslint/layer-order.mjs';

const IPC_ONLY_IN_ADAPTERS = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Only electron/main/ipc.ts and electron/preload/index.ts talk IPC; go through the ApiClient/router.',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test/output/**', 'test/fixtures/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': ['error', { paths: [IPC_ONLY_IN_ADAPTERS] }],
    },
  },
  {
    // The sandbox emulator has its own folder beside the core's (before and after the tree move); the same Node rules hold there.
    files: ['shared/**/*.ts', 'sandbox/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    plugins: { layers },
    rules: {
      // base < sheet < portal < runs < app; the CLI and the sandbox stay outside the core, the sandbox imports none of it (build/layers.mjs).
      'layers/order': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'shared/ is the core: it never imports electron.' },
            { name: 'react', message: 'shared/ is the core: it never imports react.' },
            { name: 'react-dom', message: 'shared/ is the core: it never imports react-dom.' },
            { name: 'zustand', message: 'shared/ is the core: state for the UI lives in renderer/.' },
          ],
          patterns: [{ group: ['**/renderer/**', '**/electron/**'], message: 'shared/ never imports the app layers.' }],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'window', message: 'shared/ runs in Node: no DOM globals.' },
        { name: 'document', message: 'shared/ runs in Node: no DOM globals.' },
        { name: 'localStorage', message: 'shared/ runs in Node: no DOM globals.' },
        { name: 'sessionStorage', message: 'shared/ runs in Node: no DOM globals.' },
        { name: 'navigator', message: 'shared/ runs in Node: no DOM globals.' },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer is sandboxed: it reaches the core only through the ApiClient.' }],
          patterns: [
            {
              regex: '(^|/)shared/(?!(app/)?api/(contract|wire)$)(?!(api|base/errors)/errors$)(?!(.*/)?types$)(?!(.*/)?[\\w-]+-wording$)',
              message: 'The renderer imports from shared/ only the API contract, errors, wire codec, type and wording modules; core logic runs behind the ApiClient.',
            },
            { group: ['node:*', '**/electron/**'], message: 'The renderer is a web page: no Node modules, no Electron code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/host/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The browser-mode host is plain Node: it never imports electron.' }],
          patterns: [{ group: ['**/main/**', '../main/*'], message: 'electron/host and electron/main do not import each other.' }],
        },
      ],
    },
  },
  {
    files: ['electron/main/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [IPC_ONLY_IN_ADAPTERS], patterns: [{ group: ['**/host/**', '../host/*'], message: 'electron/host and electron/main do not import each other.' }] },
      ],
    },
  },
  {
    // A wording module turns a core code and its facts into English text, for the CLI and the app's English UI alike:
    // the renderer may import it, so it may import nothing but types and other wording modules.
    files: ['shared/**/*-wording.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!\\.{1,2}/(.*/)?(types|[\\w-]+-wording)$)', message: 'A wording module imports only type and other wording modules (the renderer bundles it).' }] },
      ],
    },
  },
  {
    files: ['electron/main/ipc.ts', 'electron/preload/index.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['test/**/*.ts', 'build/**/*.{ts,mjs}', 'bin/**/*.mjs', '*.config.{ts,js}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Tests read untyped JSON answers of the portal and the host; typing each one would only restate the assertion.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Playwright fixtures declare their dependencies with an (often empty) destructuring pattern.
    files: ['test/e2e-*/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
);

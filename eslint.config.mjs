// Lint proves the layering rule of STYLE.md: only the VS Code layer imports `vscode`,
// the domain imports nothing outside itself, webviews import only the domain and their protocol.
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'Only src/commands, src/views, src/webviews and src/extension.ts may import vscode.' };
export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', disallowTypeAnnotations: false }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'No default exports.' }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode, 'dockerode', 'kafkajs', 'pg', 'mongodb'], patterns: ['../services/*', '../../services/*', '**/commands/*', '**/views/*', '@aws-sdk/*'] }] },
  },
  {
    files: ['src/services/**/*.ts', 'src/cli/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: ['**/commands/*', '**/views/*', '**/webviews/*'] }] },
  },
  {
    files: ['webview/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode, 'dockerode', 'kafkajs', 'pg', 'mongodb'], patterns: [{ group: ['**/services/*', '**/commands/*', '**/views/*'] },
      { regex: '^(\\.\\./)+src/(?!domain/|webviews/ipc$|webviews/(.+/)?protocol$)', message: 'webview/ may import only src/domain/**, src/webviews/ipc and src/webviews/**/protocol (STYLE.md §1).' },
      { regex: '^node:', message: 'webview/ runs in a browser: no Node built-ins.' }] }] },
  },
);

// Lint: the house style (neostandard), type-aware checks (typescript-eslint), and the
// import boundaries of the README's Layout section, so the layout holds by itself.
import neostandard from 'neostandard'
import tseslint from 'typescript-eslint'
import importX from 'eslint-plugin-import-x'

const SRC = ['core', 'chat', 'store', 'brain', 'services', 'access', 'approval', 'http', 'deploy', 'adapters', 'runtime']

/** A zone: files in `folder` may import only `allowed` of our folders (plus their own). */
function onlyFrom (folder, allowed) {
  const from = [...SRC.filter(f => f !== folder.split('/')[0] && !allowed.includes(f)).map(f => `./src/${f}`), './scripts', './middleware']
  return { target: `./src/${folder}`, from, message: `src/${folder} may import only ${allowed.join(', ') || 'nothing of ours'} (README: Layout)` }
}

export default [
  { ignores: ['node_modules/**', 'coverage/**', 'dist/**', 'src/services/pagerduty/schema.gen.ts'] },
  ...neostandard({ ts: true, noJsx: true }),
  ...tseslint.configs.recommendedTypeChecked.map(config => ({ ...config, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } }
  },
  {
    files: ['**/*.{ts,js,mjs}'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js', '.mjs'] } } },
    rules: {
      'import-x/no-restricted-paths': ['error', {
        zones: [
          onlyFrom('chat', ['core']),
          onlyFrom('store', ['core']),
          onlyFrom('brain', ['core', 'store']),
          { target: './src/services/http', from: ['./src/services/pagerduty', './src/services/zendesk', './src/services/github'], message: 'the shared transport knows no vendor' },
          onlyFrom('services', ['core', 'chat', 'store']),
          onlyFrom('access', ['core', 'chat', 'store', 'brain']),
          onlyFrom('approval', ['core', 'chat', 'store', 'access', 'runtime']),
          { target: './src/approval', from: './src/runtime', except: ['./hubot-compat.ts'], message: 'approval may use runtime/hubot-compat.ts only (README: Layout)' },
          onlyFrom('http', ['core', 'chat', 'store', 'brain', 'services']),
          onlyFrom('deploy', ['core', 'chat', 'store', 'services']),
          onlyFrom('adapters', ['core', 'chat', 'access', 'services']),
          { target: './src', from: ['./test', './tools', './bench'], message: 'the product imports neither its tests, its generators nor its benchmarks' },
          { target: './bench', from: './tools', message: 'nothing imports the generators' },
          { target: './bench', from: './test', except: ['./fakes', './helpers'], message: 'bench may import src/, and of test/ only the fakes and helpers (README: Layout)' },
          // Except the list of own scripts, which imports each by name so the bundled build holds them.
          { target: ['./src/!(runtime)/**', './src/runtime/!(own-scripts).ts', './middleware'], from: './scripts', message: 'nothing imports a chat script' }
        ]
      }]
    }
  },
  {
    rules: {
      // The house packs short related properties on one line inside a multi-line object
      // (a context, a log line's fields); one property per line would double those files.
      '@stylistic/object-property-newline': 'off',
      '@stylistic/object-curly-newline': 'off',
      // `async` is how an implementation of a Promise-returning interface says so (the
      // memory store, adapters' send): a forgotten await is what no-floating-promises and
      // no-misused-promises catch, and they stay on.
      '@typescript-eslint/require-await': 'off',
      // `void promise` marks a deliberately unawaited promise, as no-floating-promises asks.
      'no-void': ['error', { allowAsStatement: true }]
    }
  },
  {
    // Tests read untyped JSON (fake vendors' request logs, captured log lines, HTTP bodies)
    // and check it with expect(), whose matchers are the type check there.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off'
    }
  },
  {
    // core is the leaf: it may name the types of the floors above (context.ts describes
    // the store it hands out) but never load their code.
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: ['../*'], allowTypeImports: true, message: 'core imports nothing of ours above it (types only)' }]
      }]
    }
  }
]

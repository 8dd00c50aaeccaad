// @ts-check
/**
 * The layering of src/ (see src/README.md): each top-level folder may import only the folders listed
 * for it, so the folder graph is acyclic by construction. A new folder gets its own rule here.
 */

/** Folders of src/ each folder may import besides itself (external packages are always allowed). */
const LAYERS = {
  common: [],
  config: ['common'],
  logging: ['common', 'config'],
  odata: ['common'],
  graph: ['common', 'odata'],
  identity: ['common', 'config', 'graph'],
  throttling: ['common', 'config', 'graph', 'identity'],
  secrets: ['common', 'config'],
  database: ['common', 'config'],
  esim: ['common', 'config', 'database', 'graph', 'identity', 'odata', 'secrets'],
  // odata: the health checks describe themselves in the OpenAPI document (OpenApiContributions).
  health: ['common', 'odata'],
  // bootstrap: `npm run import` runs the service as main.ts builds it (createApp, never listening), so
  // that an import takes exactly the HTTP import's path; the OData and Graph layers need the HTTP adapter.
  cli: ['bootstrap', 'common', 'config', 'database', 'esim', 'identity', 'secrets'],
  // The composition root: it wires every module, so it may import every folder.
  bootstrap: ['app.module.ts', 'common', 'config', 'graph', 'logging'],
};

/** @param {string} name */
const escape = (name) => name.replace(/\./g, '\\.');

/** @type {import('dependency-cruiser').IConfiguration['forbidden']} */
const layerRules = Object.entries(LAYERS).map(([folder, allowed]) => ({
  name: `layer-${folder}`,
  comment: `src/${folder} may import ${allowed.length === 0 ? 'no other folder of src' : `only ${allowed.join(', ')}`} (src/README.md)`,
  severity: 'error',
  from: { path: `^src/${folder}/` },
  to: {
    path: '^(src|migrations)/',
    pathNot: [`^src/(${[folder, ...allowed].map(escape).join('|')})(/|$)`, ...(folder === 'database' ? ['^migrations/'] : [])],
  },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-circular',
      comment: 'Modules must not depend on each other in a cycle.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'migrations-stand-alone',
      comment: 'A migration keeps its own literals: it must describe the schema as it was, whatever the code says today.',
      severity: 'error',
      from: { path: '^migrations/' },
      to: { path: '^src/' },
    },
    {
      name: 'no-test-code-in-production',
      comment: 'Production code never imports tests, their helpers or the benchmarks.',
      severity: 'error',
      from: { path: '^(src|migrations)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'no-unknown-folder',
      comment: 'Every top-level folder of src/ has a layer rule in .dependency-cruiser.cjs.',
      severity: 'error',
      from: { path: '^src/[^/]+/', pathNot: `^src/(${Object.keys(LAYERS).join('|')})/` },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};

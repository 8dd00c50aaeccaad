import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const REPOSITORY = join(__dirname, '..');
const DEPCRUISE = join(REPOSITORY, 'node_modules', '.bin', 'depcruise');

/**
 * The layering rules of `.dependency-cruiser.cjs`, run by `npm run lint` in CI, applied to small trees
 * shaped like src/: a rule that no longer catches a forbidden import fails here.
 */
describe('the layering rules', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'esim-layers-'));
    writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } }));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function write(files: Record<string, string>) {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
  }

  async function cruise(): Promise<{ failed: boolean; output: string }> {
    try {
      const { stdout } = await promisify(execFile)(DEPCRUISE, ['--config', join(REPOSITORY, '.dependency-cruiser.cjs'), 'src'], {
        cwd: root,
      });
      return { failed: false, output: stdout };
    } catch (error) {
      const { stdout } = error as { stdout: string };
      return { failed: true, output: stdout };
    }
  }

  it('accepts the directions the map allows (eSIM uses the OData engine, the engine uses common)', async () => {
    write({
      'src/common/app-error.ts': 'export const common = 1;\n',
      'src/odata/engine.ts': "import { common } from '../common/app-error';\nexport const engine = common;\n",
      'src/esim/pools.ts': "import { engine } from '../odata/engine';\nexport const pools = engine;\n",
    });
    await expect(cruise()).resolves.toMatchObject({ failed: false });
  });

  it.each([
    [
      'the OData engine imports the eSIM module',
      'src/odata/engine.ts',
      "import { pools } from '../esim/pools';\nexport const engine = pools;\n",
      'layer-odata',
    ],
    [
      'the OData engine imports the Graph layer',
      'src/odata/engine.ts',
      "import { graph } from '../graph/graph';\nexport const engine = graph;\n",
      'layer-odata',
    ],
    [
      'the Graph layer imports the eSIM module',
      'src/graph/graph.ts',
      "import { pools } from '../esim/pools';\nexport const graph = pools;\n",
      'layer-graph',
    ],
    [
      'common imports a feature',
      'src/common/app-error.ts',
      "import { engine } from '../odata/engine';\nexport const common = engine;\n",
      'layer-common',
    ],
    [
      'a new folder comes without a rule',
      'src/billing/invoice.ts',
      "import { common } from '../common/app-error';\nexport const invoice = common;\n",
      'no-unknown-folder',
    ],
  ])('fails when %s', async (_, path, text, rule) => {
    write({
      'src/common/app-error.ts': 'export const common = 1;\n',
      'src/odata/engine.ts': 'export const engine = 1;\n',
      'src/graph/graph.ts': 'export const graph = 1;\n',
      'src/esim/pools.ts': "import { engine } from '../odata/engine';\nexport const pools = engine;\n",
      [path]: text,
    });
    const { failed, output } = await cruise();
    expect(failed).toBe(true);
    expect(output).toContain(rule);
  });
});

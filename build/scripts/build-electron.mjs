// Bundles the Electron main process and preload to out/ with esbuild.
// The sandboxed preload must be one self-contained CommonJS file.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', external: ['electron'] };

await build({ ...common, entryPoints: ['electron/main/index.ts'], outfile: 'out/main/index.cjs', format: 'cjs', packages: 'external' });
await build({ ...common, entryPoints: ['electron/preload/index.ts'], outfile: 'out/preload/index.cjs', format: 'cjs' });
process.stdout.write('Built out/main/index.cjs and out/preload/index.cjs\n');

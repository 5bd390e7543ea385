// How the deployed functions are bundled: shared by `npm run build` and the benchmark, so both measure one thing.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BuildOptions, Plugin } from 'esbuild';
import { campaignFileIds, readCampaignFile } from '../campaigns/files.ts';

export const EXTERNAL = ['@google-cloud/functions-framework'];

/**
 * zod/mini's namespace re-exports every locale (about 250 files) though only English messages
 * are ever used here (forms/zod-english.ts). Tree-shaking already leaves the others out of the
 * output; resolving them to English alone spares the build reading them, and keeps them out
 * should anything ever use the namespace as a value (which defeats tree-shaking).
 */
const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(b) {
    const english = createRequire(import.meta.url).resolve('zod/v4/locales/en.js');
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${'/'}zod${'/'}`)
        ? { path: 'zod-locales', namespace: 'baocao' }
        : undefined,
    );
    b.onLoad({ filter: /^zod-locales$/, namespace: 'baocao' }, () => ({
      contents: `export { default as en } from ${JSON.stringify(english)};`,
      loader: 'js',
      resolveDir: join(english, '..'),
    }));
  },
};

/**
 * A bundle has no campaigns/ folder to read, and needs no YAML parser at a cold start: the
 * module that reads the campaign files is replaced by their definitions, parsed and checked
 * here (a bad file fails the build with its Vietnamese line-and-column problems), as JSON.
 */
const campaignsAsData: Plugin = {
  name: 'campaigns-as-data',
  setup(b) {
    b.onLoad({ filter: /[\\/]campaigns[\\/]files\.ts$/ }, () => {
      const files = Object.fromEntries(campaignFileIds().map((id) => [id, readCampaignFile(id)]));
      return {
        // JSON.parse of a string is read faster than the same object literal.
        contents: `const FILES = JSON.parse(${JSON.stringify(JSON.stringify(files))});
export const campaignFileIds = () => Object.keys(FILES).sort();
export const readCampaignFile = (id) => (Object.hasOwn(FILES, id) ? FILES[id] : undefined);`,
        loader: 'js',
      };
    });
  },
};

/** Bundles into `outdir`: index.js, and the runtime in chunks/ that the first invocation loads. */
export function bundleOptions(root: string, outdir: string): BuildOptions {
  return {
    entryPoints: { index: join(root, 'functions/entry/index.ts') },
    outdir,
    bundle: true,
    // The runtime is imported dynamically by the entry: a chunk of its own is not even parsed
    // until the first invocation, so an instance is ready to serve sooner.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
    // Cloud Functions nodejs22 loads an ES module when package.json says "type": "module".
    format: 'esm',
    target: 'node22',
    external: EXTERNAL,
    // Bundled CommonJS dependencies still call require() for Node's built-ins.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    // Small and fast to compile at a cold start; function and class names stay for stack traces.
    minify: true,
    keepNames: true,
    legalComments: 'external',
    plugins: [zodEnglishOnly, campaignsAsData],
    logLevel: 'warning',
  };
}

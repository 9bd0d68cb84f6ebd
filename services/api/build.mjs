// Builds the API for production: one ESM file, dist/server.js, with the workspace's own packages
// (@trajectoires/contract) bundled in and every dependency from node_modules left to Node, so that
// `node dist/server.js` starts without a TypeScript loader (tsx translates each file on the fly and
// keeps a second JavaScript engine, its hooks thread, alive for the process's life: about 50 MB).
// The bundle sits one level below services/api, like src/, so src/paths.ts finds the same files.
import { build } from 'esbuild'

await build({
  entryPoints: ['src/server.ts'],
  outfile: 'dist/server.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [
    {
      name: 'dependencies-stay-external',
      setup(b) {
        // Bare imports (packages) stay imports, except the workspace's, which export TypeScript sources.
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@trajectoires/') ? undefined : { path: args.path, external: true },
        )
      },
    },
  ],
})

import { defineConfig } from 'tsup'

/**
 * The client as partners install it: ESM JavaScript for Node ≥ 20 and browsers, with one .d.ts in
 * which the contract's types are bundled (the contract is not published on its own).
 */
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  target: 'node20',
  platform: 'neutral',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  noExternal: ['@trajectoires/contract'],
  external: ['typebox'],
  dts: {
    // The contract's sources by their real path (not through node_modules), so that they are inlined.
    compilerOptions: { ignoreDeprecations: '6.0', paths: { '@trajectoires/contract': ['../contract/src/index.ts'] } },
  },
})

import { defineConfig } from 'tsup'

/**
 * The CLI as partners install it: one ESM file for plain `node` (≥ 20), with the client and the
 * contract inlined (neither is published on its own); commander and cli-progress stay dependencies.
 */
export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  noExternal: ['@trajectoires/client', '@trajectoires/contract'],
})

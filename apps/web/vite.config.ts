import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { precompressPlugin } from './build/compress'
import { franceMapPlugin } from './build/france-map'

/** Where the development server sends API calls; `API_URL` points it at another API. */
const apiUrl = process.env.API_URL || 'http://127.0.0.1:3000'
const proxy = Object.fromEntries(['/api', '/healthz', '/readyz'].map((path) => [path, { target: apiUrl }]))

export default defineConfig({
  plugins: [vue(), franceMapPlugin(), precompressPlugin()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: { proxy },
  preview: { proxy },
})

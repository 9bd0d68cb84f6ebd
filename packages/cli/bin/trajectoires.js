#!/usr/bin/env node
// Runs the TypeScript sources with tsx, like the API: no build step.
import { register } from 'tsx/esm/api'

register()
await import('../src/main.ts')

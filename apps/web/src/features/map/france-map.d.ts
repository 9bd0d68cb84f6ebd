declare module 'virtual:france-map' {
  /** Built by apps/web/build/france-map.ts from world-atlas when the bundle is built. */
  const map: {
    width: number
    height: number
    france: string
    neighbours: string
    projection: { parallels: [number, number]; rotate: [number, number]; scale: number; translate: [number, number] }
  }
  export default map
}

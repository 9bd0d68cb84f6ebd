import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { geoConicConformal, geoPath } from 'd3-geo'
import { feature } from 'topojson-client'
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import type { GeometryCollection, Topology } from 'topojson-specification'
import type { Plugin } from 'vite'

/** ISO 3166-1 numeric code of France in Natural Earth (world-atlas). */
const franceId = '250'
/** Metropolitan France and Corsica, in degrees: overseas territories fall outside. */
const metropolitan = { west: -5.5, east: 10, south: 41, north: 51.5 }

const mapSize = { width: 600, height: 580, margin: 12 }

/** What the dashboard's map is drawn from: SVG paths already projected, and the projection to place campuses. */
interface FranceMapData {
  width: number
  height: number
  /** Metropolitan France, Corsica included. */
  france: string
  /** The neighbouring countries, cut at the frame. */
  neighbours: string
  /** Lambert conformal conic parameters: `geoConicConformal().parallels(p).rotate(r).scale(s).translate(t)`. */
  projection: { parallels: [number, number]; rotate: [number, number]; scale: number; translate: [number, number] }
}

function isMetropolitan(ring: number[][]): boolean {
  let lon = 0
  let lat = 0
  for (const [x = 0, y = 0] of ring) {
    lon += x / ring.length
    lat += y / ring.length
  }
  return lon >= metropolitan.west && lon <= metropolitan.east && lat >= metropolitan.south && lat <= metropolitan.north
}

/**
 * Projects Natural Earth's 1:50m borders (the `world-atlas` package) once, at build time, so the
 * browser gets a few kilobytes of SVG paths instead of the world's 750 KB: no tile server, works offline.
 */
function buildFranceMap(): FranceMapData {
  const require = createRequire(import.meta.url)
  const atlas = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8')) as Topology<{
    countries: GeometryCollection
  }>
  const countries = feature(atlas, atlas.objects.countries) as FeatureCollection<Polygon | MultiPolygon>
  const franceFeature = countries.features.find((country) => String(country.id) === franceId)
  if (!franceFeature) throw new Error('France is missing from world-atlas')
  const polygons =
    franceFeature.geometry.type === 'Polygon'
      ? [franceFeature.geometry.coordinates]
      : franceFeature.geometry.coordinates
  const france: Feature<MultiPolygon> = {
    type: 'Feature',
    properties: {},
    geometry: { type: 'MultiPolygon', coordinates: polygons.filter((polygon) => isMetropolitan(polygon[0]!)) },
  }

  const { width, height, margin } = mapSize
  const parallels: [number, number] = [44, 49]
  const rotate: [number, number] = [-3, 0]
  const projection = geoConicConformal()
    .parallels(parallels)
    .rotate(rotate)
    .fitExtent(
      [
        [margin, margin],
        [width - margin, height - margin],
      ],
      france,
    )
    // Cut a little outside the frame, so that the cut edges of neighbouring countries are not drawn.
    .clipExtent([
      [-4, -4],
      [width + 4, height + 4],
    ])
  const path = geoPath(projection).digits(1)
  const neighbours = countries.features
    .filter((country) => String(country.id) !== franceId)
    .map((country) => path(country) ?? '')
    .join('')
  const [tx, ty] = projection.translate()
  return {
    width,
    height,
    france: path(france) ?? '',
    neighbours,
    projection: { parallels, rotate, scale: projection.scale(), translate: [tx, ty] },
  }
}

const virtualId = 'virtual:france-map'
const resolvedId = `\0${virtualId}`

/** `import map from 'virtual:france-map'` gives the `FranceMapData`, computed when the bundle is built. */
export function franceMapPlugin(): Plugin {
  return {
    name: 'trajectoires-france-map',
    resolveId: (id) => (id === virtualId ? resolvedId : undefined),
    load: (id) => (id === resolvedId ? `export default ${JSON.stringify(buildFranceMap())}` : undefined),
  }
}

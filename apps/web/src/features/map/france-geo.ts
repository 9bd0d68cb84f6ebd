import { geoConicConformal } from 'd3-geo'
import map from 'virtual:france-map'

export interface FranceShapes {
  width: number
  height: number
  /** SVG path of metropolitan France (Corsica included). */
  france: string
  /** SVG path of the neighbouring countries, cut at the frame. */
  neighbours: string
  /** Projects a [longitude, latitude] to SVG coordinates. */
  project: (lon: number, lat: number) => [number, number] | null
}

/**
 * The map's shapes: Natural Earth 1:50m borders (the `world-atlas` package, no tile
 * server) projected at build time in a Lambert conformal conic projection (the one of IGN's Lambert-93);
 * the same projection places the campuses here.
 */
export function franceShapes(): FranceShapes {
  const { parallels, rotate, scale, translate } = map.projection
  const projection = geoConicConformal().parallels(parallels).rotate(rotate).scale(scale).translate(translate)
  return {
    width: map.width,
    height: map.height,
    france: map.france,
    neighbours: map.neighbours,
    project: (lon, lat) => projection([lon, lat]),
  }
}

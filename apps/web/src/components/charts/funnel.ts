/** The steps of the funnel, in order (fields of `FunnelCell`). */
export const funnelSteps = [
  'applied',
  'pastJury',
  'enrolled',
  'integrationConfirmed',
  'completed',
  'positiveAtM6',
] as const
export type FunnelStep = (typeof funnelSteps)[number]

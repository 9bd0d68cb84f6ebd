import { computed } from 'vue'
import { useI18n } from '../../i18n'
import { chartOptions } from './draw'

type Own = Parameters<typeof chartOptions>[0]

/**
 * A chart's options as `chartOptions` makes them, kept up to date: in the reader's locale, and with
 * "secret statistique" written at the categories `secret` lists (those whose value is withheld).
 */
export function useChartOptions(own: () => Omit<Own, 'locale' | 'secret'> & { secret: number[] }) {
  const { t, locale } = useI18n()
  return computed(() => {
    const { secret, ...rest } = own()
    return chartOptions({ ...rest, locale: locale.value, secret: { indexes: secret, label: t('stats.secret') } })
  })
}
